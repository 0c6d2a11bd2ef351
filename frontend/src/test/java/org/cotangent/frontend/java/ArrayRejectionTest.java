package org.cotangent.frontend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import org.junit.jupiter.api.Test;

/**
 * One test per construct over arrays and sizes outside the subset: reading the method fails
 * with a message naming the construct, at the construct's line and column.
 */
class ArrayRejectionTest {
  /**
   * Reads method {@code m} of a class made of {@code body} (the class's lines after its header)
   * and expects {@code message} at the first {@code token} on line {@code line} of the source.
   */
  static void rejected(String message, int line, String token, String... body) {
    String[] lines = new String[body.length + 3];
    lines[0] = "import org.cotangent.Shape;";
    lines[1] = "final class Bad {";
    System.arraycopy(body, 0, lines, 2, body.length);
    lines[lines.length - 1] = "}";
    String source = String.join("\n", lines);
    CompilationUnit cu = new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse(source).getResult()
        .orElseThrow();
    MethodDeclaration m = cu.findAll(MethodDeclaration.class).stream()
        .filter(d -> d.getNameAsString().equals("m")).findFirst().orElseThrow();
    JavaSubsetException e = assertThrows(JavaSubsetException.class, () -> MethodReader.read(m,
        "Bad.java", source, (n, arity) -> cu.findAll(MethodDeclaration.class).stream()
            .filter(d -> d.getNameAsString().equals(n) && d.getParameters().size() == arity)
            .findFirst().orElse(null)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    int column = lines[line - 1].indexOf(token) + 1;
    assertTrue(column > 0, "token " + token + " is not on line " + line);
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(column, e.column(), e.getMessage());
  }

  static final String LOOP = "    for (int i = 0; i < a.length; i++) {";

  @Test
  void stridedIndex() {
    rejected("strided index 2 * i is not supported: only i + c with an int constant c", 6,
        "2 * i", "  static double m(double[] a) {", "    double s = 0;", LOOP,
        "      s += a[2 * i];", "    }", "    return s;", "  }");
  }

  @Test
  void dataDependentIndex() {
    rejected("data-dependent index idx[i] is not supported", 6, "idx[i]",
        "  static double m(@Shape(\"n\") double[] a, @Shape(\"n\") double[] idx) {",
        "    double s = 0;", LOOP, "      s += a[idx[i]];", "    }", "    return s;", "  }");
  }

  @Test
  void writeToAParameterArray() {
    rejected("writing to parameter array a is not supported; copy it into a local array", 5,
        "a[i]", "  static double m(double[] a) {", LOOP, "      a[i] = 0;", "    }",
        "    return 0;", "  }");
  }

  @Test
  void indexAssignedInTheBody() {
    rejected("the loop index i is assigned in the body", 4, "{",
        "  static double m(double[] a) {", LOOP, "      i += 1;", "    }", "    return 0;", "  }");
  }

  @Test
  void boundFromADouble() {
    rejected("the bounds of a for loop must be int: sizes, int parameters or int constants (c is"
        + " a double)", 5, "c;", "  static double m(double[] a, double c) {", "    double s = 0;",
        "    for (int i = 0; i < c; i++) {", "      s += a[i];", "    }", "    return s;", "  }");
  }

  @Test
  void raggedUse() {
    rejected("x[i].length: the row length varies with i (ragged use); use x[0].length", 6,
        "x[i].length", "  static double m(double[][] x) {", "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      for (int j = 0; j < x[i].length; j++) {", "        s += x[i][j];", "      }",
        "    }", "    return s;", "  }");
  }

  @Test
  void breakInALoop() {
    rejected("break inside a for loop is not supported", 6, "break", "  static double m(double[] a) {",
        "    double s = 0;", LOOP, "      break;", "    }", "    return s;", "  }");
  }

  @Test
  void continueInALoop() {
    rejected("continue inside a for loop is not supported", 6, "continue",
        "  static double m(double[] a) {", "    double s = 0;", LOOP, "      continue;", "    }",
        "    return s;", "  }");
  }

  @Test
  void returnInALoop() {
    rejected("return inside a for loop is not supported", 5, "return",
        "  static double m(double[] a) {", LOOP, "      return a[i];", "    }", "    return 0;",
        "  }");
  }

  @Test
  void recurrenceInsideALoopOverASizeThatReducesOutward() {
    // A recurrence nested in a loop over a size is a scan of the nest's shape, but not one that
    // also accumulates into a variable of the enclosing loop.
    rejected("a loop carrying y inside a loop over a size is not supported yet", 8, "y = y",
        "  static double m(double[] a) {", "    double s = 0;", LOOP, "      double y = 1;",
        "      for (int j = 0; j < a.length; j++) {", "        y = y * a[j];", "        s += y;",
        "      }", "    }", "    return s;", "  }");
  }

  @Test
  void loopInsideARecurrenceInsideALoopOverASize() {
    rejected("a loop inside a loop carrying y from one iteration to the next (a recurrence)"
        + " inside a loop over a size is not supported yet", 8, "for (int j",
        "  static double m(double[] a, int steps) {", "    double s = 0;", LOOP,
        "      double y = a[i];", "      for (int t = 0; t < steps; t++) {",
        "        for (int j = 0; j < a.length; j++) {", "          y = y * a[j];", "        }",
        "      }", "      s += y;", "    }", "    return s;", "  }");
  }

  @Test
  void inPlaceUpdateOfACarriedArray() {
    rejected("writing y[i] updates the carried array y in place, which is not supported; write"
        + " the next state into a new array", 10, "y[i] =",
        "  static double m(double[] a, int steps) {", "    double[] y = a.clone();",
        "    double[] z = a.clone();", "    for (int t = 0; t < steps; t++) {",
        "      double[] next = new double[a.length];", "      for (int i = 0; i < a.length; i++) {",
        "        next[i] = y[i] * 0.5;", "        y[i] = next[i];", "      }", "      y = next;",
        "    }", "    return z[0];", "  }");
  }

  @Test
  void readOfACarriedArrayAtTheStepIndex() {
    rejected("y[t] reads the carried array y at the index of the loop that carries it; not"
        + " supported yet", 11, "y[t]", "  static double m(double[] a) {",
        "    double[] y = a.clone();", "    double c = 0;",
        "    for (int t = 0; t < a.length; t++) {", "      double[] next = new double[a.length];",
        "      for (int i = 0; i < a.length; i++) {", "        next[i] = y[i] * 0.5;", "      }",
        "      c = c + y[t];", "      y = next;", "    }", "    return c;", "  }");
  }

  @Test
  void aCarriedArrayAssignedOtherThanANewArray() {
    rejected("the carried array y is assigned a; only a local array written in this loop's body"
        + " is", 7, "y = a", "  static double m(double[] a, int steps) {",
        "    double[] y = a.clone();", "    for (int t = 0; t < steps; t++) {",
        "      double[] next = new double[a.length];", "      y = a;", "    }",
        "    return y[0];", "  }");
  }

  @Test
  void writeInARecurrence() {
    rejected("writing out[i] in a loop carrying y from one iteration to the next (a recurrence) is"
        + " not supported yet", 8, "out[i] =", "  static double m(double[] a) {",
        "    double y = 1;", "    double[] out = a.clone();", LOOP,
        "      y = y * a[i];", "      out[i] = y;", "    }", "    return y + out[0];", "  }");
  }

  @Test
  void readAtAPositionInARecurrence() {
    rejected("arrays are read one element at the loop index (a[i] or a[i + c]); a[0] is not"
        + " supported yet", 6, "a[0]", "  static double m(double[] a) {", "    double y = 1;",
        LOOP, "      y = y * a[0] + a[i];", "    }", "    return y;", "  }");
  }

  @Test
  void reverseLoopWithAStrideOfTwo() {
    rejected("only for loops of the form for (int i = lo; i < hi; i++) (or i <= hi), or for (int"
        + " i = hi - 1; i >= lo; i--)", 5, "for", "  static double m(double[] a) {",
        "    double s = 0;", "    for (int i = a.length - 1; i >= 0; i -= 2) {",
        "      s += a[i];", "    }", "    return s;", "  }");
  }

  @Test
  void reverseReductionNestedInALoop() {
    rejected("s is accumulated in an i-- loop nested in another loop; not supported yet", 6,
        "for (int j", "  static double m(double[] a) {", "    double s = 0;", LOOP,
        "      for (int j = a.length - 1; j >= 0; j--) {", "        s += a[i] * a[j];", "      }",
        "    }", "    return s;", "  }");
  }

  @Test
  void readsThatTheSizesDoNotProveInside() {
    rejected("cannot prove that x[i][j] stays inside x: j goes up to wLength-1 and x[0].length"
        + " is xCols; give the sizes the same name with @Shape", 7, "j]",
        "  static double m(double[] w, double[][] x) {", "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      for (int j = 0; j < w.length; j++) {", "        s += x[i][j] * w[j];", "      }",
        "    }", "    return s;", "  }");
  }

  @Test
  void triangularLoop() {
    rejected("the bounds of a for loop cannot depend on the index i of an enclosing loop (a"
        + " triangular loop)", 6, "i;", "  static double m(double[] a) {", "    double s = 0;",
        LOOP, "      for (int j = 0; j < i; j++) {", "        s += a[j];", "      }", "    }",
        "    return s;", "  }");
  }

  @Test
  void writeInANestedLoop() {
    rejected("writing out[j] in a nested loop is not supported", 7, "out[j] =",
        "  static double m(@Shape(\"n\") double[] a) {", "    double[] out = new double[a.length];",
        LOOP, "      for (int j = 0; j < a.length; j++) {", "        out[j] = a[i];", "      }",
        "    }", "    return 0;", "  }");
  }

  @Test
  void elementAtAPositionTheSizesDoNotProve() {
    rejected("cannot prove that a[0] is inside a: 0 needs a.length >= 1 and it is aLength", 4,
        "a[0]", "  static double m(double[] a) {", "    return a[0];", "  }");
  }

  @Test
  void arrayWrittenByTwoLoops() {
    rejected("out is written by an earlier statement; an array can be written by one loop only",
        9, "out[i] =", "  static double m(double[] a) {", "    double[] out = new double[a.length];",
        LOOP, "      out[i] = a[i];", "    }", LOOP, "      out[i] = 2 * a[i];", "    }",
        "    return 0;", "  }");
  }

  @Test
  void readInsideTheLoopThatWrites() {
    rejected("reading out inside the loop that writes it is not supported", 8, "out[i] *",
        "  static double m(double[] a) {", "    double[] out = new double[a.length];",
        "    double s = 0;", LOOP, "      out[i] = a[i];", "      s += out[i] * 2;", "    }",
        "    return s;", "  }");
  }

  @Test
  void localArrayInsideALoop() {
    rejected("local arrays inside a loop over a size are not supported", 5, "new double",
        "  static double m(double[] a) {", LOOP, "      double[] t = new double[3];", "    }",
        "    return 0;", "  }");
  }

  @Test
  void shapeWithTheWrongNumberOfNames() {
    rejected("@Shape(\"n\") names 1 size but x has 2 axes", 3, "@Shape",
        "  static double m(@Shape(\"n\") double[][] x) {", "    return 0;", "  }");
  }

  @Test
  void divisionOfASize() {
    rejected("a.length / 2: division of a size is not supported", 4, "a.length / 2",
        "  static double m(double[] a) {", "    int h = a.length / 2;", "    return 0;", "  }");
  }

  @Test
  void rowAsAValue() {
    rejected("x[i] is a row of x, not a number", 6, "x[i]", "  static double m(double[][] x) {",
        "    double s = 0;", "    for (int i = 0; i < x.length; i++) {", "      s += x[i];",
        "    }", "    return s;", "  }");
  }

  @Test
  void arrayAliasing() {
    rejected("array aliasing (b = a) is not supported; only new double[n]", 4, "a;",
        "  static double m(double[] a) {", "    double[] b = a;", "    return 0;", "  }");
  }

  @Test
  void diagonalRead() {
    rejected("x[i][i] uses the index i twice (a diagonal); not supported yet", 6, "i];",
        "  static double m(@Shape(\"n,n\") double[][] x) {", "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {", "      s += x[i][i];", "    }",
        "    return s;", "  }");
  }

  @Test
  void callPassingAnArray() {
    rejected("calls passing arrays or sizes are not supported yet: g/1 has parameter double[] a",
        4, "g(a)", "  static double m(double[] a) {", "    return g(a);", "  }",
        "  static double g(double[] a) {", "    return 0;", "  }");
  }

  @Test
  void loopThatMayRunANegativeNumberOfTimes() {
    rejected("cannot tell from the sizes whether this loop runs: aLength-1 >= 0 is not known", 5,
        "for", "  static double m(double[] a) {", "    double s = 0;",
        "    for (int i = 0; i < a.length - 1; i++) {", "      s += a[i + 1] - a[i];", "    }",
        "    return s;", "  }");
  }
}
