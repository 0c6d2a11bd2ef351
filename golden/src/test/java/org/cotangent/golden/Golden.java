package org.cotangent.golden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden-file mechanism: compares generated text with a checked-in file byte for byte, and on
 * a mismatch fails with a unified diff and the command that rewrites the files. With {@code
 * -Dgolden.update=true} it writes the files instead (for review in the diff of the commit).
 */
final class Golden {
  static final String UPDATE_COMMAND = "mvn -pl golden -am verify -Dgolden.update=true";

  private Golden() {}

  /** Where golden files live; {@code golden.dir} when Maven runs the tests. */
  static Path directory() {
    String dir = System.getProperty("golden.dir");
    return Path.of(dir != null && !dir.isEmpty() ? dir : "src/test/resources/goldens");
  }

  static boolean updating() {
    return Boolean.parseBoolean(System.getProperty("golden.update", "false"));
  }

  /** Checks (or with update, writes) {@code dir/fileName} against {@code actual}. */
  static void check(Path dir, String fileName, String actual, boolean update) throws IOException {
    Path file = dir.resolve(fileName);
    if (update) {
      Files.createDirectories(dir);
      if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(actual)) {
        Files.writeString(file, actual, StandardCharsets.UTF_8);
      }
      return;
    }
    if (!Files.exists(file)) {
      throw new AssertionError("missing golden: " + file + "\nTo create it, run: " + UPDATE_COMMAND);
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      throw new AssertionError("generated source differs from golden " + file + ":\n"
          + unifiedDiff(expected, actual, "golden/" + fileName, "generated/" + fileName)
          + "\nIf the change is intended, rewrite the goldens with: " + UPDATE_COMMAND
          + "\nand review the diff of the golden files in the same commit.");
    }
  }

  /** A unified diff with three lines of context, from the longest common subsequence of lines. */
  static String unifiedDiff(String a, String b, String nameA, String nameB) {
    String[] x = a.split("\n", -1);
    String[] y = b.split("\n", -1);
    int n = x.length;
    int m = y.length;
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = x[i].equals(y[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    // Edit script: ' ' keep, '-' delete from a, '+' insert from b, with line numbers.
    List<char[]> ops = new ArrayList<>();
    List<String> text = new ArrayList<>();
    List<int[]> pos = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i].equals(y[j])) {
        ops.add(new char[] {' '});
        text.add(x[i]);
        pos.add(new int[] {i++, j++});
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add(new char[] {'-'});
        text.add(x[i]);
        pos.add(new int[] {i++, j});
      } else {
        ops.add(new char[] {'+'});
        text.add(y[j]);
        pos.add(new int[] {i, j++});
      }
    }
    StringBuilder sb = new StringBuilder("--- ").append(nameA).append("\n+++ ").append(nameB).append('\n');
    int k = 0;
    while (k < ops.size()) {
      if (ops.get(k)[0] == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - 3);
      int end = k;
      // Extend the hunk while changes are within 6 lines of each other.
      int last = k;
      while (end < ops.size() && end - last <= 6) {
        if (ops.get(end)[0] != ' ') {
          last = end;
        }
        end++;
      }
      end = Math.min(ops.size(), last + 4);
      int aStart = pos.get(start)[0];
      int bStart = pos.get(start)[1];
      int aLen = 0;
      int bLen = 0;
      for (int q = start; q < end; q++) {
        char c = ops.get(q)[0];
        aLen += c != '+' ? 1 : 0;
        bLen += c != '-' ? 1 : 0;
      }
      sb.append("@@ -").append(aStart + 1).append(',').append(aLen).append(" +").append(bStart + 1)
          .append(',').append(bLen).append(" @@\n");
      for (int q = start; q < end; q++) {
        sb.append(ops.get(q)[0]).append(text.get(q)).append('\n');
      }
      k = end;
    }
    return sb.toString();
  }
}
