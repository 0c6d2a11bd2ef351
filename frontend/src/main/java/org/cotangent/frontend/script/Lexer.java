package org.cotangent.frontend.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.frontend.script.Token.Kind;

/**
 * Turns script text into tokens. A {@link Kind#NEWLINE} token is emitted at every line end, even
 * inside brackets: only the parser knows whether a '{' opens a dict (where lines join) or a def
 * body (where they separate statements), so it skips newlines itself. Comments and blanks produce
 * nothing. A mistake becomes an {@link Kind#ERROR} token and lexing goes on, so the parser reports
 * errors in source order.
 */
final class Lexer {
  private static final Map<String, Kind> KEYWORDS =
      Map.ofEntries(
          Map.entry("def", Kind.DEF),
          Map.entry("return", Kind.RETURN),
          Map.entry("lambda", Kind.LAMBDA),
          Map.entry("if", Kind.IF),
          Map.entry("else", Kind.ELSE),
          Map.entry("for", Kind.FOR),
          Map.entry("in", Kind.IN),
          Map.entry("while", Kind.WHILE),
          Map.entry("break", Kind.BREAK),
          Map.entry("continue", Kind.CONTINUE),
          Map.entry("and", Kind.AND),
          Map.entry("or", Kind.OR),
          Map.entry("not", Kind.NOT),
          Map.entry("True", Kind.TRUE),
          Map.entry("False", Kind.FALSE),
          Map.entry("None", Kind.NONE));

  private final Source source;
  private final String s;
  private final List<Token> out = new ArrayList<>();
  private int i;

  private Lexer(Source source) {
    this.source = source;
    this.s = source.text();
  }

  /** The tokens of {@code source}, ending with one {@link Kind#EOF} at {@link Source#end()}. */
  static List<Token> tokenize(Source source) {
    Lexer lx = new Lexer(source);
    lx.run();
    return lx.out;
  }

  private void run() {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\f') {
        i++;
      } else if (c == '#') {
        while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
          i++;
        }
      } else if (c == '\n' || c == '\r') {
        add(Kind.NEWLINE, "\n", null, i, i + 1);
        i += c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n' ? 2 : 1;
      } else if (isIdentStart(c)) {
        int start = i;
        while (i < n && isIdentPart(s.charAt(i))) {
          i++;
        }
        String word = s.substring(start, i);
        add(KEYWORDS.getOrDefault(word, Kind.NAME), word, null, start, i);
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)) && !afterValue())) {
        number();
      } else if (c == '"' || c == '\'') {
        string(c);
      } else {
        operator(c);
      }
    }
    Pos end = source.end();
    out.add(new Token(Kind.EOF, "", null, end, end.column(), out.size()));
  }

  private char peek(int k) {
    return i + k < s.length() ? s.charAt(i + k) : '\0';
  }

  /** True if the last token ends a value, so a following ".5" is an attribute dot, not a float. */
  private boolean afterValue() {
    if (out.isEmpty()) {
      return false;
    }
    Token last = out.get(out.size() - 1);
    Kind k = last.kind();
    return (k == Kind.NAME || k == Kind.RPAREN || k == Kind.RBRACKET || k == Kind.STRING)
        && source.posAt(i).equals(source.pos(last.pos().line(), last.endColumn()));
  }

  private void add(Kind kind, String text, Object value, int start, int end) {
    Pos pos = source.posAt(start);
    int endColumn = pos.column() + s.codePointCount(start, end);
    out.add(new Token(kind, text, value, pos, endColumn, out.size()));
  }

  private void error(String message, int at, int start, int end) {
    Pos pos = source.posAt(at);
    int endColumn = source.posAt(start).column() + s.codePointCount(start, end);
    out.add(new Token(Kind.ERROR, s.substring(start, end), message, pos, endColumn, out.size()));
  }

  // ---- numbers

  private void number() {
    int n = s.length();
    int start = i;
    boolean isFloat = false;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    if (i < n && s.charAt(i) == '.') {
      isFloat = true;
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      if (j < n && isDigit(s.charAt(j))) {
        i = j;
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
        isFloat = true;
      } else {
        i = j;
        badNumber(start, "the exponent needs digits, as in 1e-4");
        return;
      }
    }
    boolean imag = false;
    if (i < n && (s.charAt(i) == 'j' || s.charAt(i) == 'J')) {
      imag = true;
      i++;
    }
    if (i < n && (isIdentPart(s.charAt(i)) || s.charAt(i) == '.')) {
      badNumber(start, null);
      return;
    }
    String text = s.substring(start, i);
    if (imag) {
      add(Kind.IMAG, text, Double.parseDouble(text.substring(0, text.length() - 1)), start, i);
    } else if (isFloat) {
      add(Kind.FLOAT, text, Double.parseDouble(text), start, i);
    } else if (text.length() > 1
        && text.charAt(0) == '0'
        && !text.chars().allMatch(ch -> ch == '0')) {
      error(
          "bad number literal '" + text + "': leading zeros are not allowed in integers; write "
              + text.replaceFirst("^0+", ""),
          start, start, i);
    } else {
      try {
        add(Kind.INT, text, Long.parseLong(text), start, i);
      } catch (NumberFormatException e) {
        error(
            "integer literal '" + text + "' is too large (the largest is " + Long.MAX_VALUE
                + "); write it as a float, as in " + text.charAt(0) + "e" + (text.length() - 1),
            start, start, i);
      }
    }
  }

  /** Consumes the rest of a malformed number (letters, digits, '_', '.') and reports it. */
  private void badNumber(int start, String hint) {
    int n = s.length();
    while (i < n && (isIdentPart(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    String text = s.substring(start, i);
    if (hint == null) {
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("0x") || lower.startsWith("0b") || lower.startsWith("0o")) {
        hint = "only decimal numbers are supported";
      } else if (text.indexOf('_') >= 0) {
        hint = "'_' digit separators are not supported; write the digits together";
      } else if (text.chars().anyMatch(Lexer::isIdentStartInt)) {
        hint = "a number cannot run into a name; for a product write '*' between them";
      } else {
        hint = "a number has at most one '.'";
      }
    }
    error("bad number literal '" + text + "': " + hint, start, start, i);
  }

  // ---- strings

  private void string(char quote) {
    int n = s.length();
    int start = i;
    i++;
    StringBuilder value = new StringBuilder();
    String problem = null;
    int problemAt = start;
    while (true) {
      if (i >= n || s.charAt(i) == '\n' || s.charAt(i) == '\r') {
        error(
            "unterminated string: close it with " + quote + " before the end of the line"
                + " (strings cannot span lines)",
            start, start, i);
        return;
      }
      char c = s.charAt(i);
      if (c == quote) {
        i++;
        break;
      }
      if (c == '\\') {
        char e = peek(1);
        switch (e) {
          case 'n':
            value.append('\n');
            break;
          case 't':
            value.append('\t');
            break;
          case 'r':
            value.append('\r');
            break;
          case '\\':
            value.append('\\');
            break;
          case '"':
            value.append('"');
            break;
          case '\'':
            value.append('\'');
            break;
          default:
            if (e == '\n' || e == '\r' || e == '\0') {
              i++; // let the unterminated check report it
              continue;
            }
            if (problem == null) {
              problem =
                  "unknown escape '\\" + e + "' in string; the escapes are"
                      + " \\n \\t \\r \\\\ \\\" \\' (write \\\\ for a backslash)";
              problemAt = i;
            }
        }
        i += 2;
        continue;
      }
      value.append(c);
      i++;
    }
    if (problem != null) {
      error(problem, problemAt, start, i);
    } else {
      add(Kind.STRING, s.substring(start, i), value.toString(), start, i);
    }
  }

  // ---- operators

  private void operator(char c) {
    int start = i;
    Kind kind;
    int len = 1;
    char d = peek(1);
    switch (c) {
      case '(':
        kind = Kind.LPAREN;
        break;
      case ')':
        kind = Kind.RPAREN;
        break;
      case '[':
        kind = Kind.LBRACKET;
        break;
      case ']':
        kind = Kind.RBRACKET;
        break;
      case '{':
        kind = Kind.LBRACE;
        break;
      case '}':
        kind = Kind.RBRACE;
        break;
      case ',':
        kind = Kind.COMMA;
        break;
      case ':':
        kind = Kind.COLON;
        break;
      case ';':
        kind = Kind.SEMI;
        break;
      case '.':
        kind = Kind.DOT;
        break;
      case '+':
        kind = Kind.PLUS;
        break;
      case '-':
        kind = Kind.MINUS;
        break;
      case '@':
        kind = Kind.AT;
        break;
      case '%':
        kind = Kind.PERCENT;
        break;
      case '*':
        kind = d == '*' ? Kind.POW : Kind.STAR;
        len = d == '*' ? 2 : 1;
        break;
      case '/':
        kind = d == '/' ? Kind.SLASHSLASH : Kind.SLASH;
        len = d == '/' ? 2 : 1;
        break;
      case '<':
        kind = d == '=' ? Kind.LE : Kind.LT;
        len = d == '=' ? 2 : 1;
        break;
      case '>':
        kind = d == '=' ? Kind.GE : Kind.GT;
        len = d == '=' ? 2 : 1;
        break;
      case '=':
        kind = d == '=' ? Kind.EQ : Kind.ASSIGN;
        len = d == '=' ? 2 : 1;
        break;
      case '!':
        if (d == '=') {
          kind = Kind.NE;
          len = 2;
          break;
        }
        unexpected(c, "use 'not' for negation");
        return;
      case '&':
        unexpected(c, "use 'and'");
        return;
      case '|':
        unexpected(c, "use 'or'");
        return;
      case '^':
        unexpected(c, "use '**' for powers");
        return;
      case '~':
        unexpected(c, "use 'not' or '-'");
        return;
      case '\\':
        unexpected(
            c, "continuing a line with '\\' is not supported; wrap the expression in parentheses");
        return;
      default:
        unexpected(c, null);
        return;
    }
    // Augmented assignment (x += 1) is a common reflex; say what to write instead.
    boolean arithmetic =
        kind == Kind.PLUS || kind == Kind.MINUS || kind == Kind.STAR || kind == Kind.SLASH
            || kind == Kind.AT || kind == Kind.POW || kind == Kind.SLASHSLASH
            || kind == Kind.PERCENT;
    if (arithmetic && peek(len) == '=' && peek(len + 1) != '=') {
      String op = s.substring(start, start + len);
      i += len + 1;
      String instead =
          kind == Kind.SLASHSLASH
              ? "x = floor(x / b)"
              : "x = x " + op + " ...";
      error("'" + op + "=' is not supported; write " + instead + " instead", start, start, i);
      return;
    }
    i += len;
    add(kind, s.substring(start, i), null, start, i);
  }

  private void unexpected(char c, String hint) {
    int cp = s.codePointAt(i);
    int start = i;
    i += Character.charCount(cp);
    String shown =
        cp >= 0x20 && cp < 0x7f
            ? "'" + c + "'"
            : (Character.isISOControl(cp) ? "" : "'" + new String(Character.toChars(cp)) + "' ")
                + String.format("(U+%04X)", cp);
    String message = "unexpected character " + shown;
    if (hint != null) {
      message += "; " + hint;
    } else if (cp >= 0x80 && Character.isLetter(cp)) {
      message += "; names may only use the letters A-Z, a-z, digits and '_'";
    }
    error(message, start, start, i);
  }

  // ---- character classes

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentStartInt(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }
}
