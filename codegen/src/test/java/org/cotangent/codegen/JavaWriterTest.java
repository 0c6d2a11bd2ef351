package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The code writer: placeholders, control flow, indentation and safe comments. */
class JavaWriterTest {
  @Test
  void placeholdersTakeNamesCodeAndIntegers() {
    assertEquals("x[i0 * 3 + 2] = 1.5", Code.of("$N[$L] = $L", "x", Code.of("i0 * 3 + 2"),
        Code.literal(1.5)).toString());
    assertEquals("acc = Math.max(acc, y)", Code.of("$1L = Math.max($1L, $2L)", "acc", "y").toString());
    assertEquals("a$b", Code.of("a$$b").toString());
    assertEquals("(-0.0) Double.NaN Double.NEGATIVE_INFINITY", Code.join(" ", List.of(
        Code.literal(-0.0), Code.literal(Double.NaN), Code.literal(Double.NEGATIVE_INFINITY)))
        .toString());
  }

  @Test
  void wrongArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Code.of("$N", "x y"));
    assertThrows(IllegalArgumentException.class, () -> Code.of("$N", "class"));
    assertThrows(IllegalArgumentException.class, () -> Code.of("$L", 1.5));
    assertThrows(IllegalArgumentException.class, () -> Code.of("$L $L", "a"));
    assertThrows(IllegalArgumentException.class, () -> Code.of("$L", "a", "b"));
    assertThrows(IllegalArgumentException.class, () -> Code.of("$S", "a"));
  }

  @Test
  void controlFlowIndentsAndCloses() {
    JavaWriter w = new JavaWriter();
    w.beginControlFlow("for (int $N = 0; $N < $L; $N++)", "i", "i", 3, "i")
        .comment("y = sin x")
        .statement("y[$N] = Math.sin(x[$N])", "i", "i")
        .endControlFlow();
    assertEquals("for (int i = 0; i < 3; i++) {\n  // y = sin x\n  y[i] = Math.sin(x[i]);\n}\n",
        w.toString());
    assertEquals(4, w.lineCount());
    JavaWriter outer = new JavaWriter().beginBlock();
    outer.add(w).blank().endControlFlow();
    assertEquals("{\n  for (int i = 0; i < 3; i++) {\n    // y = sin x\n"
        + "    y[i] = Math.sin(x[i]);\n  }\n\n}\n", outer.toString());
    assertThrows(IllegalStateException.class, () -> new JavaWriter().endControlFlow());
  }

  @Test
  void theClassesCodeRefersToAreCollectedForImports() {
    JavaWriter inner = new JavaWriter();
    inner.statement("final double y = $L", Code.of("$T.logistic(x)", Rt.class));
    JavaWriter w = new JavaWriter().beginControlFlow("class K implements $T", Program.class);
    w.add(inner).endControlFlow();
    assertEquals(java.util.Set.of("org.cotangent.codegen.Program", "org.cotangent.codegen.Rt"),
        w.imports());
    assertEquals("class K implements Program {\n  final double y = Rt.logistic(x);\n}\n",
        w.toString());
    assertEquals(java.util.Set.of("org.cotangent.codegen.Rt"),
        Code.of("$L", Code.of("Rt.ipow(x, 5)").referring(Rt.class)).imports());
    assertThrows(IllegalArgumentException.class, () -> Code.of("$T", "Rt"));
  }

  @Test
  void commentsCannotEndThemselves() {
    String evil = "a\nb\r\\u000aSystem.exit(1); \u00e9 */";
    String line = new JavaWriter().comment(evil).toString();
    assertEquals(1, line.split("\n").length, line);
    assertFalse(line.contains("\\u000a") && !line.contains("\\\\u000a"), line);
    assertTrue(line.contains("\\u00e9"), line);
    for (char c : line.toCharArray()) {
      assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), "not printable ASCII: " + (int) c);
    }
  }
}
