package org.cotangent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.cotangent.frontend.script.ScriptError;
import org.cotangent.symbolic.IrException;
import org.junit.jupiter.api.Test;

/** The top-level command: help, version, usage errors, and how errors are reported. */
class MainTest {
  @Test
  void helpListsTheCommands() {
    Cli.Result r = Cli.run("--help");
    assertEquals(0, r.code(), r.toString());
    for (String c : new String[] {"run", "repl", "gen", "graph", "cookbook"}) {
      assertTrue(r.out().contains("\n  " + c + " "), c + " in\n" + r.out());
    }
    assertEquals("", r.err());
  }

  @Test
  void subcommandHelpDescribesOptions() {
    Cli.Result r = Cli.run("gen", "--help");
    assertEquals(0, r.code(), r.toString());
    for (String o : new String[] {"--fn", "--args", "--transform", "--argnums", "--class",
        "--package", "none, grad, value_and_grad, jvp, vjp"}) {
      assertTrue(r.out().contains(o), o + " in\n" + r.out());
    }
  }

  @Test
  void versionNamesTheProjectVersion() {
    Cli.Result r = Cli.run("--version");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().matches("(?s)cotangent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava .*"), r.out());
    assertEquals(r.out(), Cli.run("gen", "--version").out());
  }

  @Test
  void noCommandPrintsUsageAsAUsageError() {
    Cli.Result r = Cli.run();
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("Usage: cotangent"), r.err());
  }

  @Test
  void unknownCommandOrOptionIsOneLineWithAHint() {
    Cli.Result r = Cli.run("runn", "x.ct");
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: Unmatched arguments"), r.err());
    assertTrue(r.err().contains("Did you mean: cotangent run?"), r.err());
    assertTrue(r.err().endsWith("Try 'cotangent --help' for more information.\n"), r.err());

    r = Cli.run("run", "--jsn", "x.ct");
    assertEquals(Main.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: Unknown option: '--jsn'"), r.err());
    assertTrue(r.err().endsWith("Try 'cotangent run --help' for more information.\n"), r.err());
  }

  private static String report(Throwable t, int expectedCode) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertEquals(expectedCode, Errors.report(t, err));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void userErrorsNeverShowAStackTrace() {
    assertEquals("f.ct:2:3: bad thing\n    ab cd\n      ^\n",
        report(new ScriptError("f.ct", 2, 3, "bad thing", "ab cd"), Main.USER_ERROR));
    assertEquals("error: shapes differ\n",
        report(new IrException("shapes differ"), Main.USER_ERROR));
    assertEquals("error: no such file\n",
        report(new CliException("no such file"), Main.USER_ERROR));
    String so = report(new StackOverflowError(), Main.USER_ERROR);
    assertTrue(so.startsWith("error: stack overflow") && !so.contains("\tat "), so);
  }

  @Test
  void internalErrorsSayItIsABugAndShowTheTrace() {
    String text = report(new IllegalStateException("oops"), Main.INTERNAL);
    assertTrue(text.startsWith(Errors.INTERNAL_ERROR), text);
    assertTrue(text.contains("java.lang.IllegalStateException: oops"), text);
    assertTrue(text.contains("\tat org.cotangent.cli.MainTest"), text);
  }
}
