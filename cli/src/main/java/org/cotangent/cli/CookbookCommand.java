package org.cotangent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.cotangent.script.ScriptSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cotangent cookbook}: runs the cookbook bundled in the jar, a copy of the repository's
 * root {@code cookbook.ct} made at build time.
 */
@Command(
    name = "cookbook",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Run the bundled cookbook of worked examples.",
      "Examples of grad, Jacobians, Hessians, vmap and friends, after the JAX Autodiff"
          + " Cookbook. --source prints the script instead, to read or to start from."
    })
final class CookbookCommand implements Callable<Integer> {
  /** The classpath resource the build copies the root cookbook.ct to. */
  static final String RESOURCE = "/cookbook.ct";

  @ParentCommand Main main;

  @Option(names = "--json", description = "Write one line of JSON per print call.")
  boolean json;

  @Option(names = "--source", description = "Print the cookbook script instead of running it.")
  boolean source;

  @Override
  public Integer call() {
    String text = text();
    if (source) {
      main.out.print(text);
      return Main.OK;
    }
    new ScriptSession(main.out, main.err, json).run(text, "cookbook.ct");
    return Main.OK;
  }

  /** The bundled cookbook's text. */
  static String text() {
    try (InputStream s = CookbookCommand.class.getResourceAsStream(RESOURCE)) {
      if (s == null) {
        throw new CliException("this build of cotangent has no bundled cookbook.ct"
            + " (it is copied from the repository root when the cli module is built)");
      }
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot read the bundled cookbook.ct: " + e.getMessage());
    }
  }
}
