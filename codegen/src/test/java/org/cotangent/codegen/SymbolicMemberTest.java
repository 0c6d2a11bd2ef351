package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codehaus.janino.SimpleCompiler;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The annotation processor's member shell with symbolic sizes (issue 14 P2): {@code private
 * static void kernel(final int m, final int n, <inputs, arrays flat>, final Holder out)}, array
 * outputs written into the caller's {@code out.<field>} arrays. Emitted, wrapped in a class,
 * compiled with Janino and called at three sizes against the interpreter.
 */
class SymbolicMemberTest {
  /** The kernel in a class with a holder and a reflective-friendly {@code run}. */
  static Class<?> compile(Graph g, String method, List<String> fields) throws Exception {
    GeneratedMember m = JavaEmitter.emitMember(g, method, "Holder", fields);
    StringBuilder src = new StringBuilder("package test;\n\n");
    for (String imp : new java.util.TreeSet<>(m.imports())) {
      src.append("import ").append(imp).append(";\n");
    }
    src.append("public final class K {\n  public static final class Holder {\n");
    for (int j = 0; j < fields.size(); j++) {
      src.append("    public ").append(g.output(j).rank() == 0 ? "double " : "double[] ")
          .append(fields.get(j)).append(";\n");
    }
    src.append("  }\n\n  public static void run(int[] s, double[][] in, Holder out) {\n    ")
        .append(method).append("(");
    List<String> args = new ArrayList<>();
    for (int k = 0; k < g.sizeVars().size(); k++) {
      args.add("s[" + k + "]");
    }
    for (int k = 0; k < g.arity(); k++) {
      args.add(g.inputTypes().get(k).rank() == 0 ? "in[" + k + "][0]" : "in[" + k + "]");
    }
    args.add("out");
    src.append(String.join(", ", args)).append(");\n  }\n");
    for (String line : m.text().split("\n", -1)) {
      src.append(line.isEmpty() ? "" : "  ").append(line).append("\n");
    }
    src.append("}\n");
    SimpleCompiler c = new SimpleCompiler();
    c.setParentClassLoader(SymbolicMemberTest.class.getClassLoader());
    try {
      c.cook("K.java", new StringReader(src.toString()));
    } catch (Exception e) {
      throw new AssertionError(e + "\n" + src, e);
    }
    return c.getClassLoader().loadClass("test.K");
  }

  /** Calls the kernel at {@code env} on seeded arguments and compares with the interpreter. */
  static void agrees(Class<?> k, Graph g, List<String> fields, Map<String, Long> env)
      throws Exception {
    List<Tensor> a = SymbolicCodegenTest.args(g, env, env.hashCode());
    List<Tensor> want = Interpreter.eval(g, a);
    Class<?> holder = k.getClassLoader().loadClass("test.K$Holder");
    Object out = holder.getConstructor().newInstance();
    for (int j = 0; j < fields.size(); j++) {
      if (want.get(j).rank() > 0) {
        holder.getField(fields.get(j)).set(out, new double[want.get(j).size()]);
      }
    }
    int[] s = new int[env.size()];
    int i = 0;
    for (long v : env.values()) {
      s[i++] = (int) v;
    }
    double[][] in = new double[a.size()][];
    for (int q = 0; q < in.length; q++) {
      in[q] = a.get(q).unsafeData();
    }
    Method run = k.getMethod("run", int[].class, double[][].class, holder);
    run.invoke(null, s, in, out);
    for (int j = 0; j < fields.size(); j++) {
      Field f = holder.getField(fields.get(j));
      double[] got = want.get(j).rank() == 0 ? new double[] {f.getDouble(out)}
          : (double[]) f.get(out);
      double[] w = want.get(j).unsafeData();
      assertEquals(w.length, got.length);
      for (int q = 0; q < w.length; q++) {
        assertEquals(w[q], got[q], env + " " + fields.get(j) + "[" + q + "]");
      }
    }
  }

  @Test
  void logisticGradientKernelAtThreeSizes() throws Exception {
    Graph g = SymbolicGraphs.logisticGrad();
    List<String> fields = List.of("value", "w", "b", "x");
    Class<?> k = compile(g, "lossGradKernel", fields);
    for (Map<String, Long> e : List.of(SymbolicCodegenTest.env("m", 0, "n", 2),
        SymbolicCodegenTest.env("m", 3, "n", 1), SymbolicCodegenTest.env("m", 7, "n", 5))) {
      agrees(k, g, fields, e);
    }
  }

  @Test
  void theSignatureHasTheSizesFirstThenTheFlatInputsThenTheHolder() {
    GeneratedMember m = JavaEmitter.emitMember(SymbolicGraphs.logisticGrad(), "lossGradKernel",
        "LossGrad", List.of("value", "w", "b", "x"));
    assertTrue(m.text().contains("private static void lossGradKernel(final int m, final int n,"
        + " final double[] w, final double b, final double[] x, final double[] y,"
        + " final LossGrad out) {"), m.text());
    assertTrue(m.text().contains("final double[] x_bar = out.x;"), m.text());
    assertEquals(List.of("w", "b", "x", "y"), m.inputNames());
  }

  @Test
  void aWrongOutputArrayIsRefusedAtEntry() throws Exception {
    Graph g = SymbolicGraphs.sumOfSquares();
    Class<?> k = compile(g, "ssKernel", List.of("value", "w"));
    Class<?> holder = k.getClassLoader().loadClass("test.K$Holder");
    Object out = holder.getConstructor().newInstance();
    holder.getField("w").set(out, new double[2]);
    Method run = k.getMethod("run", int[].class, double[][].class, holder);
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> run.invoke(null, new int[] {3}, new double[][] {new double[3]}, out));
    assertEquals("out.w has 2 elements, but its type f64[n] needs n = 3 (n = 3)",
        e.getCause().getMessage());
  }

  @Test
  void aLongBodyIsSplitIntoPartsThatTakeTheSizes() throws Exception {
    Graph g = Graph.trace(List.of("x", "v"), List.of(SymbolicGraphs.f64(SymbolicGraphs.M,
        SymbolicGraphs.N), SymbolicGraphs.f64(SymbolicGraphs.N)), ps -> {
          Node x = ps.get(0);
          Node b = Ir.broadcastInDim(ps.get(1), x.type().shape(), 1);
          for (int i = 0; i < 60; i++) {
            Node s = Ir.sin(Ir.add(x, b));
            x = Ir.add(Ir.mul(s, s), x);
          }
          return List.of(Ir.reduceSum(x, 0, 1), x);
        });
    GeneratedMember m = JavaEmitter.emitMember(g, "kernel", "Holder", List.of("s", "x"));
    assertTrue(m.text().contains("private static void kernelPart1(final int m, final int n,"
        + " final int m_n, final double[] x, final double[] v, final Holder out,"
        + " final double[] sc, final double[][] ar)"), m.text());
    Class<?> k = compile(g, "kernel", List.of("s", "x"));
    for (Map<String, Long> e : List.of(SymbolicCodegenTest.env("m", 0, "n", 2),
        SymbolicCodegenTest.env("m", 2, "n", 3), SymbolicCodegenTest.env("m", 4, "n", 1))) {
      agrees(k, g, List.of("s", "x"), e);
    }
  }
}
