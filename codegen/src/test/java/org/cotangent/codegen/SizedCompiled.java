package org.cotangent.codegen;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codehaus.janino.SimpleCompiler;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;

/** Test helper: compiles a symbolic graph once as a {@link SizedProgram} and runs it at any size. */
final class SizedCompiled {
  final Graph graph;
  final GeneratedSource source;
  final SizedProgram program;

  private SizedCompiled(Graph graph, GeneratedSource source, SizedProgram program) {
    this.graph = graph;
    this.source = source;
    this.program = program;
  }

  static SizedCompiled of(Graph g) {
    GeneratedSource src = JavaEmitter.emit(g);
    try {
      SimpleCompiler c = new SimpleCompiler();
      c.setParentClassLoader(SizedCompiled.class.getClassLoader());
      c.cook(src.simpleName() + ".java", new StringReader(src.source()));
      Class<?> k = c.getClassLoader().loadClass(src.qualifiedName());
      SizedProgram p = (SizedProgram) k.getConstructor(double[][].class)
          .newInstance((Object) src.constantArrays());
      return new SizedCompiled(g, src, p);
    } catch (Exception e) {
      throw new AssertionError("generated code does not compile: " + e + "\n"
          + src.numberedSource(), e);
    }
  }

  /** The sizes solved from the arguments, in sorted order, then the call. */
  List<Tensor> call(List<Tensor> args) {
    Map<String, Long> env = Interpreter.sizes(graph, args);
    int[] sizes = new int[env.size()];
    int k = 0;
    for (long v : env.values()) {
      sizes[k++] = (int) v;
    }
    double[][] in = new double[args.size()][];
    for (int i = 0; i < in.length; i++) {
      in[i] = args.get(i).unsafeData();
    }
    List<TensorType> outTypes = new ArrayList<>();
    for (TensorType t : source.outputTypes()) {
      org.cotangent.symbolic.Dim[] d = t.shape().extents();
      int[] dims = new int[d.length];
      for (int a = 0; a < d.length; a++) {
        dims[a] = (int) d[a].eval(env);
      }
      outTypes.add(TensorType.of(t.dtype(), Shape.of(dims)));
    }
    double[][] out = new double[outTypes.size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new double[outTypes.get(j).size() * outTypes.get(j).dtype().width()];
    }
    program.call(sizes, in, out);
    List<Tensor> r = new ArrayList<>();
    for (int j = 0; j < out.length; j++) {
      r.add(Tensor.wrap(outTypes.get(j), out[j]));
    }
    return r;
  }
}
