package org.cotangent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cotangent.script.ScriptSession;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cotangent repl}: the interactive prompt. On a terminal it uses JLine (line editing,
 * history in {@code ~/.cotangent_history}); with piped input it reads plain lines and prints no
 * prompts.
 */
@Command(
    name = "repl",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Start an interactive session.",
      "Type statements and expressions; the value of an expression is printed. Open brackets and"
          + " def bodies continue on the next line ('... '). Ctrl-C drops the current input,"
          + " Ctrl-D exits. History is kept in ~/.cotangent_history.",
      "With piped input it reads line by line without prompts, and exits with status 1 if any"
          + " input failed."
    })
final class ReplCommand implements Callable<Integer> {
  static final String HISTORY_FILE = ".cotangent_history";

  @ParentCommand Main main;

  @Option(names = "--json", description = "print(...) writes one line of JSON per call.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    ScriptSession session = new ScriptSession(main.out, main.err, json);
    Repl repl = new Repl(session, main.out, main.err);
    if (main.in == System.in && System.console() != null) {
      try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
        LineReader reader = Repl.lineReader(terminal, history());
        main.out.println("Cotangent " + Main.version()
            + " -- type an expression, Ctrl-D to exit");
        main.out.flush();
        repl.loop(Repl.jline(reader));
        main.out.println();
        return Main.OK;
      }
    }
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(main.in, StandardCharsets.UTF_8));
    return repl.loop(Repl.plain(reader)) == 0 ? Main.OK : Main.USER_ERROR;
  }

  private static Path history() {
    String home = System.getProperty("user.home");
    return home == null || home.isEmpty() ? null : Path.of(home, HISTORY_FILE);
  }
}
