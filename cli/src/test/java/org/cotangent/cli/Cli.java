package org.cotangent.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test driver: runs the cotangent command in-process with captured streams. */
final class Cli {
  /** What one invocation did. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Cli() {}

  static Result run(String... args) {
    return runWithInput("", args);
  }

  static Result runWithInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
    Main main = new Main(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), po, pe);
    int code = Main.commandLine(main).execute(args);
    po.flush();
    pe.flush();
    return new Result(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Writes {@code text} to {@code dir/name} and returns the path as a string. */
  static String file(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.writeString(p, text, StandardCharsets.UTF_8);
      return p.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
