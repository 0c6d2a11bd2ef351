package org.cotangent.frontend.script;

import java.util.Arrays;
import java.util.Objects;

/**
 * The text of one script together with its file name, split into lines so that positions can be
 * turned back into the source line an error shows.
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}; a leading byte-order mark is
 * dropped. Columns count Unicode code points from 1, a tab counting as one column (the caret line
 * of {@link ScriptError#format()} repeats tabs, so it still lines up). Two sources are equal only
 * if they are the same object.
 */
public final class Source {
  private final String fileName;
  private final String text;
  /** Offset of the first character of each line; {@code lineStarts[k]} is line {@code k + 1}. */
  private final int[] lineStarts;

  /**
   * @param fileName the name shown in error messages ({@code "<string>"} if null)
   * @param text the script text
   */
  public Source(String fileName, String text) {
    Objects.requireNonNull(text, "text");
    this.fileName = fileName == null ? "<string>" : fileName;
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    int[] starts = new int[16];
    int count = 0;
    starts[count++] = 0;
    String t = this.text;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n') {
          i++;
        }
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, count);
  }

  /** The file name used in error messages. */
  public String fileName() {
    return fileName;
  }

  /** The script text (without a leading byte-order mark). */
  public String text() {
    return text;
  }

  /** The number of lines (at least 1; a final line terminator starts an empty last line). */
  public int lineCount() {
    return lineStarts.length;
  }

  /** The text of line {@code line} (1-based) without its terminator, or "" if there is none. */
  public String line(int line) {
    if (line < 1 || line > lineStarts.length) {
      return "";
    }
    int start = lineStarts[line - 1];
    int end = start;
    while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
      end++;
    }
    return text.substring(start, end);
  }

  /** The position of character offset {@code offset} (0-based, at most the text length). */
  public Pos posAt(int offset) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int column = text.codePointCount(lineStarts[lo], offset) + 1;
    return new Pos(this, lo + 1, column);
  }

  /** A position in this source. */
  public Pos pos(int line, int column) {
    return new Pos(this, line, column);
  }

  /**
   * Where "end of file" is reported: just after the last character that is not white space or a
   * line terminator, so a caret lands at the end of the last line with content rather than on an
   * empty line after it. An empty or blank source ends at 1:1.
   */
  public Pos end() {
    int i = text.length();
    while (i > 0) {
      char c = text.charAt(i - 1);
      if (c != ' ' && c != '\t' && c != '\f' && c != '\n' && c != '\r') {
        break;
      }
      i--;
    }
    return posAt(i);
  }

  @Override
  public String toString() {
    return fileName;
  }
}
