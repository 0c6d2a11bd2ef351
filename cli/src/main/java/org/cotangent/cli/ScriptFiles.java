package org.cotangent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading script text for the commands, with one-line errors instead of I/O stack traces. */
final class ScriptFiles {
  /** The FILE argument that means standard input. */
  static final String STDIN = "-";

  private ScriptFiles() {}

  /** The name a script is reported under: the path as the user wrote it, {@code <stdin>} for -. */
  static String displayName(String file) {
    return STDIN.equals(file) ? "<stdin>" : file;
  }

  /** The UTF-8 text of {@code file} ({@code -} reads {@code in}), or a {@link CliException}. */
  static String read(String file, InputStream in) {
    try {
      if (STDIN.equals(file)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Path p = Path.of(file);
      if (Files.isDirectory(p)) {
        throw new CliException("cannot read '" + file + "': it is a directory, not a script");
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException("cannot read '" + file + "': no such file");
    } catch (AccessDeniedException e) {
      throw new CliException("cannot read '" + file + "': permission denied");
    } catch (CharacterCodingException e) {
      throw new CliException("cannot read '" + file + "': it is not UTF-8 text");
    } catch (java.nio.file.InvalidPathException e) {
      throw new CliException("cannot read '" + file + "': " + e.getReason());
    } catch (IOException e) {
      throw new CliException("cannot read '" + file + "': " + e.getMessage());
    }
  }

  /** Writes {@code text} to {@code file} in UTF-8, or throws a {@link CliException}. */
  static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException("cannot write '" + file + "': no such directory");
    } catch (AccessDeniedException e) {
      throw new CliException("cannot write '" + file + "': permission denied");
    } catch (IOException e) {
      throw new CliException("cannot write '" + file + "': " + e.getMessage());
    }
  }
}
