package org.cotangent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cotangent.frontend.script.Parser;
import org.cotangent.script.ScriptSession;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The read-eval-print loop. Lines are joined while {@link Parser#isIncomplete} says an input is
 * still open (prompt {@code ... }); each complete input goes to {@link
 * ScriptSession#evalInteractive} and a non-null result is printed. Errors are reported and the
 * loop goes on. It ends at end of input (Ctrl-D).
 *
 * <p>Two line sources: JLine on a terminal (line editing, history, Ctrl-C discards the current
 * input), and a plain reader for piped input, which shows no prompts, so {@code cotangent repl <
 * file} prints only results and errors.
 */
final class Repl {
  static final String PROMPT = ">>> ";
  static final String CONTINUATION = "... ";
  static final String SOURCE_NAME = "<repl>";

  /** Where lines come from. */
  interface Lines {
    /**
     * The next line without its terminator (from JLine, possibly several lines that make one
     * complete input), or null at end of input.
     */
    String read(String prompt) throws Interrupted;
  }

  /** The user pressed Ctrl-C while typing: drop the current input. */
  static final class Interrupted extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private final ScriptSession session;
  private final PrintStream out;
  private final PrintStream err;
  private int failures;

  Repl(ScriptSession session, PrintStream out, PrintStream err) {
    this.session = session;
    this.out = out;
    this.err = err;
  }

  /** Reads and evaluates until end of input; returns the number of inputs that failed. */
  int loop(Lines lines) {
    List<String> pending = new ArrayList<>();
    while (true) {
      String line;
      try {
        line = lines.read(pending.isEmpty() ? PROMPT : CONTINUATION);
      } catch (Interrupted e) {
        pending.clear();
        continue;
      }
      if (line == null) {
        if (!pending.isEmpty()) {
          // The input ended inside a bracket: evaluating it reports where.
          evaluate(String.join("\n", pending));
        }
        return failures;
      }
      pending.add(line);
      String text = String.join("\n", pending);
      if (Parser.isIncomplete(text)) {
        continue;
      }
      pending.clear();
      if (!text.isBlank()) {
        evaluate(text);
      }
    }
  }

  private void evaluate(String text) {
    try {
      String result = session.evalInteractive(text, SOURCE_NAME);
      if (result != null) {
        out.println(result);
      }
    } catch (RuntimeException | Error e) {
      // Reported by kind (user mistake, or internal error with a trace); the session goes on.
      failures++;
      out.flush();
      Errors.report(e, err);
    } finally {
      out.flush();
    }
  }

  /** Lines from a plain reader, without prompts (piped input). */
  static Lines plain(BufferedReader reader) {
    return prompt -> {
      try {
        return reader.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /**
   * A JLine reader on {@code terminal}, with history in {@code history} (none if null). An input
   * that {@link Parser#isIncomplete} continues in the same editing buffer after a {@code ... }
   * prompt, so a whole def is edited, and recalled from history, as one entry.
   */
  static LineReader lineReader(Terminal terminal, Path history) {
    LineReaderBuilder b = LineReaderBuilder.builder()
        .appName("cotangent")
        .terminal(terminal)
        .parser(new MultiLineParser())
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
        // '!' is the script's '!=', not history expansion.
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.INSERT_TAB, true)
        .option(LineReader.Option.HISTORY_IGNORE_SPACE, false);
    if (history != null) {
      b.variable(LineReader.HISTORY_FILE, history);
    }
    return b.build();
  }

  /**
   * JLine's view of the script: an incomplete input asks for another line ({@link EOFError}).
   * Backslashes are not escapes here, so script strings reach the session unchanged.
   */
  static final class MultiLineParser extends DefaultParser {
    MultiLineParser() {
      setEscapeChars(null);
    }

    @Override
    public ParsedLine parse(String line, int cursor,
        org.jline.reader.Parser.ParseContext context) {
      if (context == org.jline.reader.Parser.ParseContext.ACCEPT_LINE && Parser.isIncomplete(line)) {
        throw new EOFError(-1, -1, "incomplete input");
      }
      return super.parse(line, cursor, context);
    }
  }

  /** Inputs from JLine: line editing, history; Ctrl-C drops the input, Ctrl-D ends. */
  static Lines jline(LineReader reader) {
    return prompt -> {
      try {
        return reader.readLine(prompt);
      } catch (UserInterruptException e) {
        throw new Interrupted();
      } catch (EndOfFileException e) {
        return null;
      }
    };
  }
}
