package org.cotangent.codegen;

import java.util.List;
import org.cotangent.symbolic.ir.Node;

/**
 * What surrounds the generated method bodies: the class, its members and the signatures through
 * which inputs, constants and outputs arrive. Three shells exist:
 *
 * <ul>
 *   <li>{@link #program()}: a class implementing {@link Program}, {@code call(double[][] in,
 *       double[][] out)}, whose constructor takes the non-uniform constants as {@code
 *       double[][]} (what the runtime compiles with Janino);
 *   <li>{@link #staticMethod(String)}: a class with one static method whose parameters are
 *       named after the graph's inputs ({@code double} for a scalar, {@code double[]} for an
 *       array), then its constants ({@code double[]}, named after their source names), then its
 *       outputs ({@code double[]} arrays the caller allocates and the method fills; a scalar
 *       output is an array of length 1);
 *   <li>{@link #staticMember(String, String, List)}: private static methods only, for a class
 *       the annotation processor writes around them.
 * </ul>
 *
 * <p>The shell is an abstract class with package-private hooks, so that only codegen implements
 * it.
 */
public abstract class ClassShell {
  ClassShell() {}

  /** The {@link Program} class for Janino: today's contract of the runtime. */
  public static ClassShell program() {
    return ProgramShell.INSTANCE;
  }

  /** A class with one static method {@code methodName} with named parameters. */
  public static ClassShell staticMethod(String methodName) {
    return new StaticMethodShell(methodName);
  }

  /**
   * Private static methods for a class another tool writes (the annotation processor): {@code
   * private static void methodName(final double x, ..., final Holder out)}, the inputs named
   * after the graph's, real scalar output {@code j} stored in {@code out.fields[j]} (a class the
   * caller generates). Only graphs of real scalar outputs and no non-uniform constants fit; emit
   * them with {@link JavaEmitter#emitMember}, which also takes graphs with symbolic sizes (size
   * parameters first, array outputs written into the holder's arrays; see there).
   */
  public static ClassShell staticMember(String methodName, String holder, List<String> fields) {
    return new StaticMemberShell(methodName, holder, fields);
  }

  /** Names the shell's own code uses inside method bodies; no value may take them. */
  abstract List<String> reservedNames();

  /** True if outputs are parameters (then an array output is named as, and is, its parameter). */
  abstract boolean outputsArePassed();

  /** The array of output {@code j} inside a method body. */
  abstract Code outputArray(int j, Values values);

  /**
   * Where a real scalar output {@code j} is stored, when the shell gives it a slot of its own
   * ({@code out[j]}); null (the default): element 0 of {@link #outputArray}.
   */
  Code scalarOutput(int j, Values values) {
    return null;
  }

  /** The lines of the class Javadoc after its first sentence. */
  abstract void describe(JavaWriter w, EmittedBody body);

  /**
   * Opens the class ({@link JavaWriter#beginControlFlow}) and writes the members before the
   * entry method (fields, constructor); the class writer closes it.
   */
  abstract void openClass(JavaWriter w, String className, EmittedBody body);

  /** The entry method's declaration, without the brace. */
  abstract Code entryMethod(EmittedBody body);

  /** Part {@code k}'s declaration (it also takes {@code sc} and {@code ar}), without the brace. */
  abstract Code partMethod(int k, EmittedBody body);

  /** The call of part {@code k} from the entry method, without the semicolon. */
  abstract Code partCall(int k, EmittedBody body);

  /** Makes the inputs a method reads available as locals (or nothing, if they are parameters). */
  abstract void loadInputs(JavaWriter w, List<Node> used, EmittedBody body);
}
