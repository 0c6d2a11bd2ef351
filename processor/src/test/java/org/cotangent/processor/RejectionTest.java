package org.cotangent.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per construct outside the subset: the compilation fails with exactly one error, whose
 * message names the construct, at the construct's line and column.
 */
class RejectionTest {
  /**
   * Compiles {@code test.Bad} made of {@code lines} and expects one error containing {@code
   * message} at the first occurrence of {@code token} on line {@code line} (1-based).
   */
  static void rejected(String message, int line, String token, String... lines) {
    JavaFileObject src = Sources.of("test.Bad", lines);
    Compilation c = Sources.compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    int column = lines[line - 1].indexOf(token) + 1;
    if (column == 0) {
      throw new AssertionError("token " + token + " is not on line " + line);
    }
    assertThat(c).hadErrorContaining(message).inFile(src).onLine(line).atColumn(column);
  }

  static final String P = "package test;";
  static final String I = "import org.cotangent.Differentiable;";
  static final String C = "final class Bad {";
  static final String A = "  @Differentiable";

  @Test
  void writeToAParameterArray() {
    rejected("writing to parameter array w is not supported; copy it into a local array", 7,
        "w[i]", P, I, C, A, "  static double m(double[] w, double b) {",
        "    for (int i = 0; i < w.length; i++) {", "      w[i] = b;", "    }", "    return b;",
        "  }", "}");
  }

  @Test
  void recurrenceThatWritesAnArray() {
    rejected("writing out[i] in a loop carrying y from one iteration to the next (a recurrence) is"
        + " not supported yet", 10, "out[i] =", P, I, C, A, "  static double m(double[] a) {",
        "    double y = 1;", "    double[] out = a.clone();",
        "    for (int i = 0; i < a.length; i++) {", "      y = y * a[i] + 1;", "      out[i] = y;",
        "    }", "    return y;", "  }", "}");
  }

  @Test
  void readOfAnUnsharedSize() {
    rejected("cannot prove that x[i][j] stays inside x: j goes up to wLength-1 and x[0].length is"
        + " xCols; give the sizes the same name with @Shape", 9, "j]",
        P, I, C, A, "  static double m(double[] w, double[][] x) {", "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      for (int j = 0; j < w.length; j++) {", "        s += x[i][j] * w[j];", "      }",
        "    }", "    return s;", "  }", "}");
  }

  @Test
  void stridedIndex() {
    rejected("strided index 2 * i is not supported: only i + c with an int constant c", 8,
        "2 * i", P, I, C, A, "  static double m(double[] w) {", "    double s = 0;",
        "    for (int i = 0; i < w.length; i++) {", "      s += w[2 * i];", "    }",
        "    return s;", "  }", "}");
  }

  @Test
  void reverseLoopWithAStrideOfTwo() {
    rejected("or for (int i = hi - 1; i >= lo; i--), with int lo and hi", 7, "for", P, I, C, A,
        "  static double m(double[] a, int steps) {", "    double y = 1;",
        "    for (int i = steps - 1; i >= 0; i -= 2) {", "      y = y * 0.5 + 1;", "    }",
        "    return y;", "  }", "}");
  }

  @Test
  void returnTypeOtherThanDouble() {
    rejected("the return type must be double, not float", 5, "float",
        P, I, C, A, "  static float m(double x) {", "    return 1f;", "  }", "}");
  }

  @Test
  void forLoopOverANonConstantBound() {
    rejected("the bounds of a for loop must be int: sizes, int parameters or int constants (x is"
        + " a double)", 6, "x;",
        P, I, C, A, "  static double m(double x) {", "    for (int i = 0; i < x; i++) {",
        "      x = x * x;", "    }", "    return x;", "  }", "}");
  }

  @Test
  void forLoopThatAssignsItsIndex() {
    rejected("the loop index i is assigned in the body", 6, "{",
        P, I, C, A, "  static double m(double x) {", "    for (int i = 0; i < 3; i++) {",
        "      i += 1;", "    }", "    return x;", "  }", "}");
  }

  @Test
  void intArithmeticOnTheLoopIndex() {
    rejected("int arithmetic on a loop index is not supported; convert it first: (double) i", 7,
        "i / 2", P, I, C, A, "  static double m(double x) {", "    for (int i = 0; i < 3; i++) {",
        "      x = x * (i / 2);", "    }", "    return x;", "  }", "}");
  }

  @Test
  void whileLoop() {
    rejected("while loops are not supported: a loop with a data-dependent exit has no reverse"
        + " mode here yet", 6, "while",
        P, I, C, A, "  static double m(double x) {", "    while (x > 1) {", "      x = x / 2;",
        "    }", "    return x;", "  }", "}");
  }

  @Test
  void tryStatement() {
    rejected("try statements are not supported", 6, "try",
        P, I, C, A, "  static double m(double x) {", "    try {", "      x = x * 2;",
        "    } finally {", "      x = x + 1;", "    }", "    return x;", "  }", "}");
  }

  @Test
  void callOfAnotherClassesMethod() {
    rejected("calls to Helper.twice are not supported: only Math.* and @Differentiable methods of"
        + " this class", 6, "Helper",
        P, I, C, A, "  static double m(double x) {", "    return 1 + Helper.twice(x);", "  }", "}",
        "final class Helper {", "  static double twice(double x) {", "    return 2 * x;", "  }",
        "}");
  }

  @Test
  void callOfAMethodThatIsNotDifferentiable() {
    rejected("calls to helper are not supported: only Math.* and @Differentiable methods of this"
        + " class", 6, "helper",
        P, I, C, A, "  static double m(double x) {", "    return x * helper(x);", "  }",
        "  static double helper(double x) {", "    return x;", "  }", "}");
  }

  @Test
  void mathFunctionWithoutPrimitive() {
    rejected("Math.hypot with 2 arguments is not supported: it has no primitive", 6, "Math",
        P, I, C, A, "  static double m(double x) {", "    return Math.hypot(x, 1.0);", "  }", "}");
  }

  @Test
  void fieldRead() {
    rejected("fields are not supported: K is not a parameter or local variable", 7, "K;",
        P, I, C, "  static final double K = 2.0;", A, "  static double m(double x) {",
        "    return x * K;", "  }", "}");
  }

  @Test
  void arrayLocal() {
    rejected("array initializers are not supported: { x, x }; use new double[n] and a loop", 6,
        "{x, x}",
        P, I, C, A, "  static double m(double x) {", "    double[] a = {x, x};", "    return x;",
        "  }", "}");
  }

  @Test
  void incrementInsideAnExpression() {
    rejected("++ inside an expression is not supported; write it as a statement of its own", 6,
        "x++", P, I, C, A, "  static double m(double x) {", "    double y = 2 * x++;",
        "    return y;", "  }", "}");
  }

  @Test
  void castToInt() {
    rejected("casts to int are not supported; only (double) is", 6, "(int)",
        P, I, C, A, "  static double m(double x) {", "    double y = (int) x;", "    return y;",
        "  }", "}");
  }

  @Test
  void recursion() {
    rejected("recursive calls are not supported: m/1 -> m/1", 6, "m(x - 1)",
        P, I, C, A, "  static double m(double x) {", "    return x > 0 ? m(x - 1) : x;", "  }", "}");
  }

  @Test
  void unknownWrtName() {
    rejected("wrt names \"q\", which is not a parameter of m; its parameters are x, y", 4, "\"q\"",
        P, I, C, "  @Differentiable(wrt = {\"x\", \"q\"})", "  static double m(double x, double y) {",
        "    return x * y;", "  }", "}");
  }

  @Test
  void instanceMethod() {
    rejected("only static methods can be @Differentiable; make m static", 5, "m(",
        P, I, C, A, "  double m(double x) {", "    return x;", "  }", "}");
  }

  @Test
  void overloadedMethods() {
    rejected("overloaded @Differentiable methods are not supported: m is declared more than once",
        9, "m(",
        P, I, C, A, "  static double m(double x) {", "    return x;", "  }", A,
        "  static double m(double x, double y) {", "    return x * y;", "  }", "}");
  }
}
