package org.cotangent.codegen;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.control.Inline;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * Emits a graph as one Java class, in the subset of Java that Janino compiles (no lambdas,
 * generics, {@code var}, switch expressions or records), in four stages:
 *
 * <ol>
 *   <li>(before them, calls of sub-graphs are inlined: {@code Inline.calls});
 *   <li>{@link Schedule}: the graph as fused loops, views, scatters and single statements;
 *   <li>{@link BodyEmitter}: those as blocks of statements, each primitive written by its {@link
 *       Lowering} from {@link Lowerings} (per primitive, as JAX's {@code register_lowering});
 *   <li>{@link MethodSplitter}: the blocks in methods below HotSpot's 8000-byte JIT limit;
 *   <li>{@link ClassWriter}: the compilation unit, in a {@link ClassShell} ({@link Program} for
 *       Janino, or static methods with named parameters).
 * </ol>
 *
 * <p>All text goes through {@link JavaWriter} and {@link Code}; all names through {@link
 * NameAllocator}. The shape of the output: one statement per primitive (A-normal form), each
 * preceded by a comment with its IR equation (and runs of statements from one source line by a
 * comment naming it); scalars in {@code final double} locals; non-uniform constants passed in,
 * never source text. The same graph always gives the same text.
 */
public final class JavaEmitter {
  /** Package of runtime-generated classes. */
  public static final String PACKAGE = "org.cotangent.generated";

  private JavaEmitter() {}

  /** Emits {@code g} into {@link #PACKAGE} under a name derived from its content. */
  public static GeneratedSource emit(Graph g) {
    Graph flat = Inline.calls(g);
    if (!flat.isStatic()) {
      return SymbolicEmitter.program(flat, PACKAGE, defaultName(flat));
    }
    return emit(flat, PACKAGE, defaultName(flat));
  }

  /** Emits {@code g} as a {@link Program} class. */
  public static GeneratedSource emit(Graph g, String packageName, String className) {
    return emit(g, packageName, className, ClassShell.program());
  }

  /** Emits {@code g} as a class in {@code shell}. */
  public static GeneratedSource emit(Graph g, String packageName, String className,
      ClassShell shell) {
    if (!g.isStatic() && shell == ClassShell.program()) {
      return SymbolicEmitter.program(g, packageName, className);
    }
    return emit(g, packageName, className, shell, Lowerings.standard());
  }

  /**
   * Symbolic sizes (DESIGN section 10, "Symbolic sizes") have two shells, the {@link
   * SizedProgram} ({@link #emit(Graph)}) and the member ({@link #emitMember}); the others stop
   * here, naming the first symbolic dim; specialise the graph first.
   */
  private static void rejectSymbolic(Graph g) {
    List<TensorType> types = new ArrayList<>(g.inputTypes());
    for (Node o : g.outputs()) {
      types.add(o.type());
    }
    for (TensorType t : types) {
      if (!t.isStatic()) {
        throw new IrException("code generation for symbolic sizes is not implemented for this"
            + " shell (only the SizedProgram and the member shell): " + t + " has the symbolic"
            + " dimension '" + t.shape().firstSymbolic() + "' (specialize the graph to concrete"
            + " sizes first)");
      }
    }
  }

  /** Calls of sub-graphs ({@code closed_call}) are inlined first; everything else is lowered. */
  static GeneratedSource emit(Graph graph, String packageName, String className, ClassShell shell,
      Lowerings lowerings) {
    EmittedBody body = body(graph, shell, lowerings);
    Graph g = body.graph;
    String source = ClassWriter.write(body, shell, packageName, className);
    List<TensorType> outTypes = new ArrayList<>();
    for (Node o : g.outputs()) {
      outTypes.add(o.type());
    }
    return new GeneratedSource(packageName, className, source, body.constants(), g.inputTypes(),
        outTypes, body.values.constantNames());
  }

  /** The stages before the class writer: calls inlined, scheduled, named, lowered into blocks. */
  private static EmittedBody body(Graph graph, ClassShell shell, Lowerings lowerings) {
    rejectSymbolic(graph);
    Graph g = Inline.calls(graph);
    Schedule schedule = Schedule.of(g, lowerings);
    NameAllocator names = new NameAllocator();
    for (String reserved : shell.reservedNames()) {
      names.reserve(reserved);
    }
    Values values = new Values(schedule, names, shell.outputsArePassed());
    List<Block> blocks = new BodyEmitter(schedule, values, names, shell).emit();
    return new EmittedBody(g, values, blocks, schedule.constants());
  }

  /**
   * Emits {@code graph} as private static methods for a class the caller writes ({@link
   * ClassShell#staticMember}): its calls inlined, then the same stages as {@link #emit}. The graph
   * must have real scalar outputs and no non-uniform constants; output {@code j} is stored in
   * field {@code fields.get(j)} of the method's last parameter {@code out}, of class {@code
   * holder}.
   *
   * <p>A graph with symbolic sizes (DESIGN, "Symbolic sizes", P2) gets {@code private static void
   * methodName(final int m, final int n, ..., <inputs>, final Holder out)}: its size variables
   * first as {@code int}s in sorted name order, then its inputs in order ({@code double[]} flat
   * row-major for an array, {@code double} for a scalar), then the holder. A real scalar output
   * is stored in its field; a real array output is written into the flat {@code double[]} its
   * field holds, which the caller allocates with the right length. The kernel checks the sizes,
   * the array lengths and the graph's deferred requirements first ({@link
   * IllegalArgumentException}); parts of a split body take the sizes (and the monomials {@code
   * m_n} computed at entry) as parameters.
   */
  public static GeneratedMember emitMember(Graph graph, String methodName, String holder,
      List<String> fields) {
    if (!graph.isStatic()) {
      return SymbolicEmitter.member(graph, methodName, holder, fields);
    }
    StaticMemberShell shell = (StaticMemberShell) ClassShell.staticMember(methodName, holder,
        fields);
    EmittedBody body = body(graph, shell, Lowerings.standard());
    shell.check(body);
    JavaWriter w = ClassWriter.members(body, shell);
    return new GeneratedMember(methodName, w.toString(), w.imports(), body.values.inputNames());
  }

  /**
   * True if generated code refers to a class or package by this simple name ({@code Math},
   * {@code Double}, ...), so that neither a local nor the generated class itself may take it.
   */
  public static boolean isReferencedName(String name) {
    return NameAllocator.REFERENCED.contains(name);
  }

  /**
   * {@code Cotangent_} and 16 hex digits of the SHA-256 of the graph's text. The text names a
   * constant that is not uniform by its type only: its data is a constructor argument, never
   * source, so graphs that differ only in such data (a new dataset captured by the same function)
   * get the same name and the same source, and share one compiled class (JAX's closure
   * conversion, in effect). A uniform constant is a literal, and is in the text.
   */
  public static String defaultName(Graph g) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(g.toString().getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder("Cotangent_");
      byte[] h = md.digest();
      for (int k = 0; k < 8; k++) {
        sb.append(String.format("%02x", h[k]));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
