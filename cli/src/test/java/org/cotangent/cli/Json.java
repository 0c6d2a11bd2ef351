package org.cotangent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, minimal JSON parser for tests (RFC 8259 syntax): objects become {@code Map}, arrays
 * {@code List}, numbers {@code Double}, plus {@code String}, {@code Boolean} and {@code null}.
 * Anything that is not exactly one JSON value throws {@link IllegalArgumentException}.
 */
final class Json {
  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  static Object parse(String text) {
    Json p = new Json(text);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw p.error("trailing text");
    }
    return v;
  }

  private Object value() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected '" + c + "'");
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    ws();
    if (peek('}')) {
      i++;
      return m;
    }
    while (true) {
      ws();
      if (!peek('"')) {
        throw error("expected a key");
      }
      String k = string();
      ws();
      expect(':');
      ws();
      m.put(k, value());
      ws();
      if (peek(',')) {
        i++;
        continue;
      }
      expect('}');
      return m;
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    i++;
    ws();
    if (peek(']')) {
      i++;
      return l;
    }
    while (true) {
      ws();
      l.add(value());
      ws();
      if (peek(',')) {
        i++;
        continue;
      }
      expect(']');
      return l;
    }
  }

  private String string() {
    StringBuilder sb = new StringBuilder();
    i++;
    while (true) {
      if (i >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"': case '\\': case '/':
          sb.append(e);
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'u':
          sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
          break;
        default:
          throw error("bad escape");
      }
    }
  }

  private Double number() {
    int start = i;
    if (peek('-')) {
      i++;
    }
    if (peek('0')) {
      i++;
    } else {
      digits();
    }
    if (peek('.')) {
      i++;
      digits();
    }
    if (peek('e') || peek('E')) {
      i++;
      if (peek('+') || peek('-')) {
        i++;
      }
      digits();
    }
    return Double.parseDouble(s.substring(start, i));
  }

  private void digits() {
    int start = i;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == start) {
      throw error("expected digits");
    }
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, i)) {
      throw error("bad literal");
    }
    i += word.length();
    return v;
  }

  private boolean peek(char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private void ws() {
    while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("bad JSON at " + i + ": " + what + " in: " + s);
  }

  /** The {@code data} of a tensor's JSON as doubles (real tensors). */
  @SuppressWarnings("unchecked")
  static double[] data(Object tensorJson) {
    List<Object> data = (List<Object>) ((Map<String, Object>) tensorJson).get("data");
    double[] d = new double[data.size()];
    for (int k = 0; k < d.length; k++) {
      d[k] = (Double) data.get(k);
    }
    return d;
  }
}
