package org.cotangent.processor;

import static org.cotangent.processor.RejectionTest.A;
import static org.cotangent.processor.RejectionTest.C;
import static org.cotangent.processor.RejectionTest.I;
import static org.cotangent.processor.RejectionTest.P;
import static org.cotangent.processor.RejectionTest.rejected;

import org.junit.jupiter.api.Test;

/**
 * What stays outside the recurrences that carry arrays (issue 14 item 4): each is one error at
 * the construct's line and column, naming it (the accepted forms are the {@code examples}
 * module's {@code Oscillators} and the frontend's {@code ArrayRecurrenceMethodsTest}).
 */
class ArrayRecurrenceRejectionTest {
  static final String M = "  static double m(double[] a, int steps) {";
  static final String STEPS = "    for (int t = 0; t < steps; t++) {";
  static final String NEXT = "      double[] next = new double[a.length];";

  @Test
  void anInPlaceUpdateOfTheCarriedArray() {
    rejected("writing y[i] updates the carried array y in place, which is not supported; write"
        + " the next state into a new array (double[] next = new double[n]; ... y = next;)", 11,
        "y[i] =", P, I, C, A, M, "    double[] y = a.clone();", STEPS, NEXT,
        "      for (int i = 0; i < a.length; i++) {", "        next[i] = y[i] * 0.5;",
        "        y[i] = next[i];", "      }", "      y = next;", "    }", "    return y[0];", "  }",
        "}");
  }

  @Test
  void theCarriedArrayAssignedAParameter() {
    rejected("the carried array y is assigned a; only a local array written in this loop's body"
        + " is (double[] next = new double[n]; ... y = next;)", 9, "y = a", P, I, C, A, M,
        "    double[] y = a.clone();", STEPS, NEXT, "      y = a;", "    }", "    return y[0];",
        "  }", "}");
  }

  @Test
  void theCarriedArrayReadAtTheStepIndex() {
    rejected("y[t] reads the carried array y at the index of the loop that carries it; not"
        + " supported yet (read it in a loop over its size)", 13, "y[t]", P, I, C, A,
        "  static double m(double[] a) {", "    double[] y = a.clone();", "    double c = 0;",
        "    for (int t = 0; t < a.length; t++) {", NEXT,
        "      for (int i = 0; i < a.length; i++) {", "        next[i] = y[i] * 0.5;", "      }",
        "      c = c + y[t];", "      y = next;", "    }", "    return c;", "  }", "}");
  }

  @Test
  void aLoopInsideARecurrenceInsideALoopOverASize() {
    rejected("a loop inside a loop carrying y from one iteration to the next (a recurrence)"
        + " inside a loop over a size is not supported yet", 10, "for (int j", P, I, C, A, M,
        "    double s = 0;", "    for (int i = 0; i < a.length; i++) {",
        "      double y = a[i];", "      for (int t = 0; t < steps; t++) {",
        "        for (int j = 0; j < a.length; j++) {", "          y = y * a[j];", "        }",
        "      }", "      s += y;", "    }", "    return s;", "  }", "}");
  }

  @Test
  void aRecurrenceAlongTheArrayThatReadsFurtherBack() {
    // y[i] = F(y[i - 1]) is a scan along y; a read two elements back is not.
    rejected("reading y inside the loop that writes it is not supported; read it in a later"
        + " loop", 8, "y[i - 2]", P, I, C, A, "  static double m(double[] a) {",
        "    double[] y = new double[a.length];", "    for (int i = 2; i < a.length; i++) {",
        "      y[i] = y[i - 2] * 0.5 + a[i];", "    }", "    return y[0];", "  }", "}");
  }

  @Test
  void aRecurrenceAlongTheArrayWrittenInsideAnIf() {
    rejected("writing y[i] inside an if is not supported; write y[i] = c ? e : y[...]", 9,
        "y[i] =", P, I, C, A, "  static double m(double[] a) {", "    double[] y = a.clone();",
        "    for (int i = 1; i < a.length; i++) {", "      if (a[i] > 0) {",
        "        y[i] = y[i - 1] * 0.5 + a[i];", "      }", "    }", "    return y[0];", "  }",
        "}");
  }

  @Test
  void aStepWrittenArrayReadInItsLoop() {
    rejected("reading traj inside the loop that writes it is not supported; read it in a later"
        + " loop", 9, "traj[t]", P, I, C, A, "  static double m(double[] a) {",
        "    double[] traj = new double[a.length];", "    double y = 1;",
        "    for (int t = 0; t < a.length; t++) {", "      y = y * a[t] + traj[t];",
        "      traj[t] = y;", "    }", "    return y;", "  }", "}");
  }
}
