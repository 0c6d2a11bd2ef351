package org.cotangent.frontend.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ScriptErrorTest {
  @Test
  void formatPutsTheCaretUnderTheColumn() {
    ScriptError e = new ScriptError("loss.ct", 3, 7, "unknown name 'y'", "  z = y + 1");
    assertEquals("loss.ct:3:7: unknown name 'y'", e.getMessage());
    assertEquals(
        "loss.ct:3:7: unknown name 'y'\n" + "      z = y + 1\n" + "          ^", e.format());
    assertEquals("loss.ct", e.fileName());
    assertEquals(3, e.line());
    assertEquals(7, e.column());
    assertEquals("unknown name 'y'", e.message());
    assertEquals("  z = y + 1", e.sourceLine());
  }

  @Test
  void tabsInTheSourceLineAreRepeatedInTheCaretLine() {
    // The tab before x is column 1 and the one before y is column 5; y is column 6.
    ScriptError e = new ScriptError("f.ct", 1, 6, "m", "\tx =\ty");
    assertEquals("f.ct:1:6: m\n    \tx =\ty\n    \t   \t^", e.format());
  }

  @Test
  void aColumnPastTheEndOfTheLineIsPaddedWithSpaces() {
    ScriptError e = new ScriptError("f.ct", 1, 6, "m", "ab");
    assertEquals("f.ct:1:6: m\n    ab\n         ^", e.format());
  }

  @Test
  void columnsCountCodePointsNotUtf16Units() {
    // An emoji is two chars but one column.
    Source s = new Source("f.ct", "x = \"\uD83D\uDE00\" $");
    ScriptError e = s.posAt(9).error("m");
    assertEquals(9, e.column());
    assertEquals("f.ct:1:9: m\n    x = \"\uD83D\uDE00\" $\n            ^", e.format());
  }

  @Test
  void causeIsKept() {
    Source s = new Source("f.ct", "a + b");
    RuntimeException cause = new IllegalStateException("shape");
    ScriptError e = new ScriptError(s.pos(1, 3), "shapes differ", cause);
    assertSame(cause, e.getCause());
    assertEquals("f.ct:1:3: shapes differ", e.getMessage());
  }

  @Test
  void sourceSplitsLinesOnAllTerminatorsAndDropsTheByteOrderMark() {
    Source s = new Source(null, "\uFEFFa\r\nbb\rccc\n");
    assertEquals("<string>", s.fileName());
    assertEquals(4, s.lineCount());
    assertEquals("a", s.line(1));
    assertEquals("bb", s.line(2));
    assertEquals("ccc", s.line(3));
    assertEquals("", s.line(4));
    assertEquals("", s.line(9));
    assertEquals(new Pos(s, 2, 2), s.posAt(4));
    assertEquals(new Pos(s, 3, 1), s.posAt(6));
  }

  @Test
  void endOfFileIsAfterTheLastCharacterThatIsNotBlank() {
    Source s = new Source("f.ct", "x = 1\n  y\n\n  \n");
    assertEquals("f.ct:2:4", s.end().toString());
    assertEquals("f.ct:1:1", new Source("f.ct", "\n\n").end().toString());
    assertEquals("2:4", s.end().lineColumn());
  }
}
