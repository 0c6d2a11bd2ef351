package org.cotangent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cotangent.script.ScriptSession;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cotangent repl}: piped input through the command, and the JLine path on a dumb terminal. */
class ReplTest {
  @Test
  void pipedInputPrintsResultsWithoutPrompts() {
    Cli.Result r = Cli.runWithInput("x = 2\nx * 3\n", "repl");
    assertEquals(0, r.code(), r.toString());
    assertEquals("6\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void bracketsAndDefBodiesContinueOverLines() {
    String input = String.join("\n",
        "def f(a) {",
        "  b = a * a",
        "  return b + 1",
        "}",
        "f(2)",
        "array([1.0,",
        "       2.0])",
        "",
        "print(\"hi\", 1)",
        "(1, \"s\")",
        "None",
        "");
    Cli.Result r = Cli.runWithInput(input, "repl");
    assertEquals(0, r.code(), r.toString());
    assertEquals("5\n[1. 2.]\nhi 1\n(1, 's')\n", r.out());
  }

  @Test
  void errorsAreReportedAndTheLoopGoesOn() {
    Cli.Result r = Cli.runWithInput("x = 1\nsinn(x)\nx + 1\n", "repl");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertEquals("2\n", r.out());
    assertTrue(r.err().startsWith("<repl>:1:1: name 'sinn' is not defined"), r.err());
    assertTrue(r.err().contains("\n    sinn(x)\n    ^\n"), r.err());
  }

  @Test
  void inputEndingInsideABracketIsReported() {
    Cli.Result r = Cli.runWithInput("1 + 1\nf(\n", "repl");
    assertEquals(Main.USER_ERROR, r.code(), r.toString());
    assertEquals("2\n", r.out());
    assertTrue(r.err().startsWith("<repl>:1:3: unbalanced '('"), r.err());
  }

  @Test
  void gradientsInTheRepl() {
    Cli.Result r = Cli.runWithInput(
        "grad(lambda v: sum(sin(v) * v))(array([0.5, 1.0]))\n", "repl", "--json");
    assertEquals(0, r.code(), r.toString());
    double[] g = Json.data(Json.parse(r.out().strip()));
    assertEquals(Math.cos(0.5) * 0.5 + Math.sin(0.5), g[0], 1e-15);
    assertEquals(Math.cos(1.0) + Math.sin(1.0), g[1], 1e-15);
  }

  @Test
  void jlineJoinsContinuedLinesIntoOneInputAndKeepsHistory(@TempDir Path dir) throws Exception {
    String input = "x = 2\ndef f(a) {\n  return a * x\n}\nf(3) != 5\n{\"a\\\"b\": 3}[\"a\\\"b\"]\n";
    ByteArrayOutputStream termOut = new ByteArrayOutputStream();
    ByteArrayOutputStream results = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(results, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
    Path history = dir.resolve("history");
    // (TerminalBuilder with streams opens a pty on Linux; a DumbTerminal reads the stream as is.)
    try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB,
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), termOut,
        StandardCharsets.UTF_8)) {
      LineReader reader = Repl.lineReader(terminal, history);
      int failures = new Repl(new ScriptSession(out, false), out, err).loop(Repl.jline(reader));
      reader.getHistory().save();
      assertEquals(0, failures, errors.toString(StandardCharsets.UTF_8));
    }
    String shown = termOut.toString(StandardCharsets.UTF_8);
    // One prompt per complete input (a dumb terminal does not draw the '... ' of continued lines).
    assertEquals(Repl.PROMPT.repeat(5), shown);
    // '!=' and backslash escapes reach the interpreter unchanged (no history expansion).
    assertEquals("True\n3\n", results.toString(StandardCharsets.UTF_8));
    // the same as piped input gives
    assertEquals("True\n3\n", Cli.runWithInput(input, "repl").out());
    String saved = Files.readString(history, StandardCharsets.UTF_8);
    assertTrue(saved.contains(":x = 2\n") && saved.contains(":f(3) != 5\n"), saved);
    // A def continued over lines is one history entry (JLine stores its newlines as \n).
    assertTrue(saved.contains(":def f(a) {\\n  return a * x\\n}\n"), saved);
  }
}
