package org.cotangent.cli;

import java.util.concurrent.Callable;
import org.cotangent.script.ScriptSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cotangent run [--json] FILE}: runs a script; its prints go to stdout. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Run a .ct script.",
      "print(...) writes NumPy-style text to stdout, or with --json one line of JSON per print"
          + " call. Errors are reported as file:line:col: message with the source line and a"
          + " caret, and exit with status 1."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--json", description = "Write one line of JSON per print call.")
  boolean json;

  @Parameters(paramLabel = "FILE", description = "The script to run ('-' reads standard input).")
  String file;

  @Override
  public Integer call() {
    String text = ScriptFiles.read(file, main.in);
    new ScriptSession(main.out, main.err, json).run(text, ScriptFiles.displayName(file));
    return Main.OK;
  }
}
