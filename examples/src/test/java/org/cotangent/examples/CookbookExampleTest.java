package org.cotangent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cotangent.script.ScriptSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The Java cookbook prints what {@code cookbook.ct} prints: both run here (the script through a
 * {@link ScriptSession}, the example through its {@code main}), and their outputs are compared
 * section by section, line by line: labels, booleans, shapes and dtypes exactly, every number to
 * a relative 1e-12 (an absolute 1e-14 near zero). Timings are compared by label only.
 */
class CookbookExampleTest {
  /** Relative tolerance for every number; {@link #ABS} is the floor for values near zero. */
  static final double REL = 1e-12;
  static final double ABS = 1e-14;

  /**
   * Run before the cookbook in the same session: {@code timeit} calls its thunk once instead of
   * timing it (about 0.2 s x 5 runs per label otherwise), so the test stays fast. The thunk still
   * runs, and the line still carries the label.
   */
  static final String QUICK_TIMEIT = "def timeit(thunk, label) {\n  thunk()\n"
      + "  print(label + \": not timed (one call)\")\n}\n";

  private static List<String> scriptJson;
  private static List<String> javaJson;
  private static List<String> scriptText;
  private static List<String> javaText;

  @BeforeAll
  static void runBoth() throws IOException {
    String source = Files.readString(Path.of("..", "cookbook.ct"), StandardCharsets.UTF_8);
    scriptJson = runScript(source, true);
    javaJson = runExample("--json", "--quick");
    scriptText = runScript(source, false);
    javaText = runExample("--quick");
  }

  private static List<String> runScript(String source, boolean json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ScriptSession session = new ScriptSession(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), json);
    session.run(QUICK_TIMEIT, "quick-timeit.ct");
    session.run(source, "cookbook.ct");
    return lines(out);
  }

  private static List<String> runExample(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CookbookExample.main(args);
    } finally {
      System.setOut(saved);
    }
    return lines(out);
  }

  private static List<String> lines(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void everySectionOfTheScriptIsInTheJavaCookbookInOrder() throws IOException {
    // The headers the script source prints, read from the source itself.
    String source = Files.readString(Path.of("..", "cookbook.ct"), StandardCharsets.UTF_8);
    List<String> headers = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^print\\(\"((?:==|--) [^\"]*)\"\\)").matcher(source);
    while (m.find()) {
      headers.add(m.group(1));
    }
    assertTrue(headers.size() >= 20, "the cookbook has its sections: " + headers);
    assertEquals(headers, List.copyOf(sections(scriptJson, "script").keySet()));
    assertEquals(headers, List.copyOf(sections(javaJson, "Java").keySet()));
  }

  @Test
  void everyValueAgreesSectionBySection() {
    int numbers = compare(scriptJson, javaJson);
    // Not vacuous: the cookbook prints well over a hundred numbers (the 4x3x3 Hessian alone has
    // 36, the two 4x3 Jacobians 12 each, the complex gradient 18).
    assertTrue(numbers > 100, numbers + " numbers compared");
  }

  @Test
  void theTextIsTheScriptsTextUpToTheLastPrintedDigit() {
    // NumPy-style text rounds to 8 decimals: numbers here agree to that, the rest exactly.
    Map<String, List<String>> want = sections(scriptText, "script");
    Map<String, List<String>> got = sections(javaText, "Java");
    assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()));
    for (String section : want.keySet()) {
      List<String> w = want.get(section);
      List<String> g = got.get(section);
      assertEquals(w.size(), g.size(), section + ": number of lines\nscript: " + w + "\nJava: " + g);
      for (int i = 0; i < w.size(); i++) {
        String where = section + ", line " + (i + 1);
        if (isTiming(w.get(i))) {
          assertEquals(label(w.get(i)), label(g.get(i)), where);
        } else {
          compareTokens(textTokens(w.get(i)), textTokens(g.get(i)), 1e-8, 1e-8, where);
        }
      }
    }
  }

  @Test
  void theComparisonFailsWhenOneValueMoves() {
    // Perturb one number of the script's own output by a relative 1e-10: the comparison must
    // name the section and the line.
    List<String> moved = new ArrayList<>(scriptJson);
    int at = -1;
    for (int i = 0; i < moved.size() && at < 0; i++) {
      if (moved.get(i).startsWith("[\"b_grad\"")) {
        at = i;
      }
    }
    assertTrue(at >= 0, "the script prints b_grad");
    Matcher m = Pattern.compile("\"data\": \\[([-0-9.eE]+)\\]").matcher(moved.get(at));
    assertTrue(m.find(), moved.get(at));
    double v = Double.parseDouble(m.group(1));
    moved.set(at, moved.get(at).replace(m.group(1), Double.toString(v * (1 + 1e-10))));
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> compare(scriptJson, moved));
    assertTrue(e.getMessage().contains("-- Logistic regression --"), e.getMessage());
    // And a changed label fails too.
    List<String> relabelled = new ArrayList<>(scriptJson);
    relabelled.set(at, relabelled.get(at).replace("b_grad", "W_grad"));
    assertThrows(AssertionFailedError.class, () -> compare(scriptJson, relabelled));
  }

  // ------------------------------------------------------------------ comparing

  /** Compares two JSON outputs section by section; returns how many numbers were compared. */
  static int compare(List<String> script, List<String> java) {
    Map<String, List<String>> want = sections(script, "script");
    Map<String, List<String>> got = sections(java, "Java");
    assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()), "section headers");
    int numbers = 0;
    for (String section : want.keySet()) {
      List<String> w = want.get(section);
      List<String> g = got.get(section);
      assertEquals(w.size(), g.size(), section + ": number of lines\nscript: " + w + "\nJava: " + g);
      for (int i = 0; i < w.size(); i++) {
        String where = section + ", line " + (i + 1);
        if (isTiming(w.get(i))) {
          assertTrue(isTiming(g.get(i)), where + ": a timing, got " + g.get(i));
          assertEquals(label(w.get(i)), label(g.get(i)), where);
        } else {
          numbers += compareTokens(jsonTokens(w.get(i)), jsonTokens(g.get(i)), REL, ABS, where);
        }
      }
    }
    return numbers;
  }

  /** Lines grouped under the header lines ("== ..." and "-- ..."), in order; none may repeat. */
  static Map<String, List<String>> sections(List<String> lines, String who) {
    Map<String, List<String>> r = new LinkedHashMap<>();
    String current = "(before the first section)";
    for (String line : lines) {
      String text = line.startsWith("\"") && line.endsWith("\"")
          ? line.substring(1, line.length() - 1) : line;
      if (text.startsWith("== ") || text.startsWith("-- ")) {
        current = text;
        assertTrue(!r.containsKey(current), who + " prints section " + current + " twice");
        r.put(current, new ArrayList<>());
      } else {
        r.computeIfAbsent(current, k -> new ArrayList<>()).add(line);
      }
    }
    return r;
  }

  private static final Pattern TIMING = Pattern.compile(
      "^\"?([^\"]*?): (?:[0-9.]+ (?:s|ms|us|ns) per call \\(.*\\)|not timed \\(one call\\))\"?$");

  static boolean isTiming(String line) {
    return TIMING.matcher(line).matches();
  }

  static String label(String line) {
    Matcher m = TIMING.matcher(line);
    assertTrue(m.matches(), "not a timing: " + line);
    return m.group(1);
  }

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?");
  private static final Pattern JSON_TOKEN = Pattern.compile(
      "\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|" + NUMBER.pattern() + "|true|false|null|[\\[\\]{}:,])");

  /** A JSON line as tokens: strings (quoted), numbers, literals and punctuation. */
  static List<String> jsonTokens(String line) {
    List<String> r = new ArrayList<>();
    Matcher m = JSON_TOKEN.matcher(line);
    int at = 0;
    while (at < line.length() && m.find(at) && m.start() == at) {
      r.add(m.group(1));
      at = m.end();
    }
    assertTrue(line.substring(at).isBlank(), "not JSON after column " + at + ": " + line);
    return r;
  }

  /** A text line as tokens: numbers, and the text between them with blanks squeezed. */
  static List<String> textTokens(String line) {
    List<String> r = new ArrayList<>();
    Matcher m = Pattern.compile("(?<![\\w.])" + NUMBER.pattern() + "\\.?").matcher(line);
    int at = 0;
    while (m.find()) {
      r.add(line.substring(at, m.start()).replaceAll("\\s+", " "));
      r.add(m.group());
      at = m.end();
    }
    r.add(line.substring(at).replaceAll("\\s+", " "));
    return r;
  }

  /** Tokens equal, numbers within the tolerances; returns how many numbers were compared. */
  static int compareTokens(List<String> want, List<String> got, double rel, double abs,
      String where) {
    String context = where + "\nscript: " + String.join("", want) + "\nJava:   "
        + String.join("", got);
    assertEquals(want.size(), got.size(), context);
    int numbers = 0;
    for (int k = 0; k < want.size(); k++) {
      String w = want.get(k);
      String g = got.get(k);
      if (NUMBER.matcher(w).matches() || w.matches(NUMBER.pattern() + "\\.")) {
        assertTrue(NUMBER.matcher(g).matches() || g.matches(NUMBER.pattern() + "\\."),
            "token " + k + " is a number: " + context);
        double a = Double.parseDouble(w);
        double b = Double.parseDouble(g);
        double tol = Math.max(abs, rel * Math.max(Math.abs(a), Math.abs(b)));
        assertTrue(Math.abs(a - b) <= tol, "token " + k + ": " + w + " vs " + g + " (difference "
            + Math.abs(a - b) + " > " + tol + "): " + context);
        numbers++;
      } else {
        assertEquals(w, g, "token " + k + ": " + context);
      }
    }
    return numbers;
  }
}
