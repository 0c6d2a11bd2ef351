package org.cotangent.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code cotangent} command: {@code run}, {@code repl}, {@code gen}, {@code graph} and {@code
 * cookbook} (see docs/cli.md).
 *
 * <p>All output goes through the streams given to the constructor (UTF-8 {@code System.out} and
 * {@code System.err} by default), and nothing below {@link #main} calls {@code System.exit}, so
 * tests drive the whole command through {@link #commandLine(Main)} and {@code execute}.
 *
 * <p>Exit codes: {@value #OK} success; {@value #USER_ERROR} a mistake in the script or its input
 * (reported as {@code file:line:col: message} with the source line and a caret, or as {@code
 * error: message}); {@value #USAGE} a bad command line; {@value #INTERNAL} a bug in Cotangent (the
 * only case that prints a Java stack trace).
 */
@Command(
    name = "cotangent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Symbolic, source-to-source automatic differentiation for Java: run .ct scripts,"
        + " explore in a REPL, and generate Java source for functions and their derivatives.",
    subcommands = {
      RunCommand.class,
      ReplCommand.class,
      GenCommand.class,
      GraphCommand.class,
      CookbookCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  cotangent run model.ct",
      "  cotangent run --json model.ct",
      "  cotangent repl",
      "  cotangent gen model.ct --fn loss --args 'W=f64[3],b=f64' --transform grad",
      "  cotangent graph model.ct --fn loss --args 'W=f64[3],b=f64' > loss.dot",
      "",
      "Exit status: 0 success, 1 error in the script or its input, 2 bad command line,"
          + " 70 internal error (a bug in Cotangent)."
    })
public final class Main implements Callable<Integer> {
  /** Exit code: success. */
  public static final int OK = 0;
  /** Exit code: a mistake in the script, a missing file, a bad input to a transformation. */
  public static final int USER_ERROR = 1;
  /** Exit code: the command line itself is wrong (unknown option, bad option value). */
  public static final int USAGE = 2;
  /** Exit code: an internal error, a bug in Cotangent (EX_SOFTWARE of sysexits.h). */
  public static final int INTERNAL = 70;

  final InputStream in;
  final PrintStream out;
  final PrintStream err;

  @Spec CommandSpec spec;

  /** The command on the process's standard streams (stdout and stderr in UTF-8). */
  public Main() {
    this(System.in, utf8(FileDescriptor.out), utf8(FileDescriptor.err));
  }

  /** The command on the given streams (for tests and embedding). */
  public Main(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /** Runs the command and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine(new Main()).execute(args));
  }

  /**
   * A picocli command line for {@code main}, with help and errors going to its streams: script
   * errors as {@code file:line:col}, command-line mistakes as one line plus a hint, and only
   * internal errors with a stack trace.
   */
  public static CommandLine commandLine(Main main) {
    CommandLine cl = new CommandLine(main);
    cl.setOut(writer(main.out));
    cl.setErr(writer(main.err));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> Errors.report(ex, main.err));
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionStrategy(parseResult -> {
      try {
        return new CommandLine.RunLast().execute(parseResult);
      } catch (CommandLine.ExecutionException e) {
        // picocli's handler runs for Exceptions; Errors such as StackOverflowError end up here.
        return Errors.report(e.getCause() != null ? e.getCause() : e, main.err);
      } catch (Error e) {
        return Errors.report(e, main.err);
      } finally {
        main.out.flush();
        main.err.flush();
      }
    });
    return cl;
  }

  /** Without a subcommand: the usage, on stderr, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  private static int usageError(ParameterException ex, String[] args) {
    CommandLine c = ex.getCommandLine();
    PrintWriter w = c.getErr();
    w.println("error: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, w);
    w.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
    w.flush();
    return USAGE;
  }

  private static PrintStream utf8(FileDescriptor fd) {
    return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd), 1 << 14), true,
        StandardCharsets.UTF_8);
  }

  private static PrintWriter writer(PrintStream s) {
    return new PrintWriter(new OutputStreamWriter(s, StandardCharsets.UTF_8), true);
  }

  /** The project version, from the filtered resource {@code version.properties}. */
  static String version() {
    Properties p = new Properties();
    try (InputStream s = Main.class.getResourceAsStream("version.properties")) {
      if (s != null) {
        p.load(s);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p.getProperty("version", "unknown");
  }

  /** {@code --version}: Cotangent's version and the Java running it. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "cotangent " + version(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
            + ", " + System.getProperty("java.home") + ")"
      };
    }
  }
}
