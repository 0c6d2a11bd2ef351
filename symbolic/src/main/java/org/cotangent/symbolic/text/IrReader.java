package org.cotangent.symbolic.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.Params;
import org.cotangent.symbolic.ir.SourcePos;
import org.cotangent.symbolic.registry.Primitives;

/**
 * Reads canonical IR text ({@link IrWriter}) back into a graph, rebuilding every node through the
 * primitive registry and {@link Node#make}, so the result is checked, simplified and hash-consed
 * like any graph. A malformed text is an {@link IrException} with the line and column.
 */
public final class IrReader {
  private final String text;
  private int pos;

  private IrReader(String text) {
    this.text = text;
  }

  public static Graph read(String text) {
    IrReader r = new IrReader(text);
    Graph g = r.graph();
    r.skipSpace();
    if (r.pos < text.length()) {
      throw r.error("unexpected text after the graph");
    }
    return g;
  }

  // ---------------------------------------------------------------- grammar

  private Graph graph() {
    expect('{');
    expectWord("lambda");
    Map<String, Node> env = new HashMap<>();
    List<String> inputNames = new ArrayList<>();
    List<TensorType> inputTypes = new ArrayList<>();
    while (!peek('.')) {
      String id = identifier();
      expect(':');
      TensorType t = type();
      String name = id;
      if (peekWord("@name")) {
        expectWord("@name");
        name = string();
      }
      if (env.containsKey(id)) {
        throw error("input '" + id + "' is bound twice");
      }
      env.put(id, org.cotangent.symbolic.ir.Param.node(inputTypes.size(), t));
      inputNames.add(name);
      inputTypes.add(t);
    }
    expect('.');
    Map<Node, String> names = new IdentityHashMap<>();
    Map<Node, Origin> origins = new IdentityHashMap<>();
    if (peekWord("let")) {
      expectWord("let");
      while (!peekWord("in")) {
        int at = pos;
        String v = identifier();
        if (env.containsKey(v)) {
          throw errorAt(at, "'" + v + "' is bound twice");
        }
        expect(':');
        TensorType declared = type();
        expect('=');
        String opName = word();
        Params params = peek('[') ? params() : Params.none();
        Op op;
        try {
          op = Primitives.decode(opName, params);
        } catch (IrException e) {
          throw errorAt(at, e.getMessage());
        }
        List<Node> args = new ArrayList<>();
        while (!peek('@') && !startsEquation() && !peekWord("in")) {
          args.add(operand(env));
        }
        Node n;
        try {
          n = Node.make(op, args.toArray(new Node[0]));
        } catch (IrException e) {
          throw errorAt(at, e.getMessage());
        }
        if (!n.type().equals(declared)) {
          throw errorAt(at, "'" + v + "' is declared " + declared + " but " + opName + " gives "
              + n.type());
        }
        env.put(v, n);
        annotations(n, names, origins);
      }
    }
    expectWord("in");
    expect('(');
    List<Node> outputs = new ArrayList<>();
    List<String> outputNames = new ArrayList<>();
    boolean named = false;
    while (!peek(')')) {
      if (!outputs.isEmpty()) {
        expect(',');
      }
      outputs.add(operand(env));
      String name = null;
      if (peekWord("@name")) {
        expectWord("@name");
        name = string();
        named = true;
      }
      outputNames.add(name);
    }
    expect(')');
    expect('}');
    if (named) {
      for (int j = 0; j < outputNames.size(); j++) {
        if (outputNames.get(j) == null) {
          outputNames.set(j, outputs.size() == 1 ? "out" : "out" + j);
        }
      }
    }
    return new Graph(inputNames, inputTypes, outputs, named ? outputNames : null, names, origins);
  }

  private void annotations(Node n, Map<Node, String> names, Map<Node, Origin> origins) {
    while (peek('@')) {
      int at = pos;
      String key = word();
      if (key.equals("@name")) {
        names.putIfAbsent(n, string());
      } else if (key.equals("@at")) {
        String role = word();
        String file = string();
        int line = (int) integer();
        int column = (int) integer();
        String lineText = string();
        Origin.Role r;
        try {
          r = Origin.Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw errorAt(at, "unknown role '" + role + "'");
        }
        origins.putIfAbsent(n, new Origin(new SourcePos(file, line, column, lineText), r));
      } else {
        throw errorAt(at, "unknown annotation '" + key + "'");
      }
    }
  }

  /** True if the next tokens are {@code identifier :}, the start of the next equation. */
  private boolean startsEquation() {
    int save = pos;
    try {
      skipSpace();
      if (pos >= text.length() || !Character.isLetter(text.charAt(pos))) {
        return false;
      }
      String w = word();
      if (IrWriter.KEYWORDS.contains(w)) {
        return false;
      }
      skipSpace();
      return pos < text.length() && text.charAt(pos) == ':';
    } finally {
      pos = save;
    }
  }

  private Node operand(Map<String, Node> env) {
    skipSpace();
    int at = pos;
    if (peek('(')) {
      // A complex scalar: (re,im):c128[...]
      expect('(');
      double re = number().doubleValue();
      expect(',');
      double im = number().doubleValue();
      expect(')');
      expect(':');
      TensorType t = type();
      return uniform(t, re, im);
    }
    char c = pos < text.length() ? text.charAt(pos) : 0;
    if (Character.isLetter(c) || c == '_') {
      String w = word();
      if (w.equals("True") || w.equals("False") || w.equals("empty")) {
        expect(':');
        TensorType t = type();
        return w.equals("empty") ? Constant.full(t, 0.0) : uniform(t, w.equals("True") ? 1 : 0, 0);
      }
      if (w.equals("NaN") || w.equals("Infinity")) {
        pos = at;
        return literal();
      }
      Node n = env.get(w);
      if (n == null) {
        throw errorAt(at, "'" + w + "' is not defined");
      }
      return n;
    }
    return literal();
  }

  private Node literal() {
    double v = number().doubleValue();
    if (peek(':')) {
      expect(':');
      TensorType t = type();
      return uniform(t, v, 0);
    }
    return Constant.scalar(v);
  }

  /** The uniform constant {@code re + i im} of type {@code t}, whose sizes may be symbolic. */
  private static Node uniform(TensorType t, double re, double im) {
    if (t.isStatic()) {
      return Constant.of(fill(t, re, im));
    }
    return t.dtype().isComplex() ? Node.make(Constant.op(t, new double[] {re, im}))
        : Constant.full(t, re);
  }

  private static Tensor fill(TensorType t, double re, double im) {
    Tensor x = Tensor.full(t, re);
    if (t.dtype().isComplex()) {
      double[] d = x.unsafeData();
      for (int k = 1; k < d.length; k += 2) {
        d[k] = im;
      }
    }
    return x;
  }

  private Params params() {
    expect('[');
    List<Object> positional = new ArrayList<>();
    Map<String, Object> named = new LinkedHashMap<>();
    while (!peek(']')) {
      if (!positional.isEmpty() || !named.isEmpty()) {
        expect(',');
      }
      int save = pos;
      skipSpace();
      if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
        String w = word();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '=') {
          pos++;
          named.put(w, value());
          continue;
        }
      }
      pos = save;
      positional.add(value());
    }
    expect(']');
    return new Params(positional, named);
  }

  private Object value() {
    skipSpace();
    if (peek('{')) {
      return graph();
    }
    if (peek('(')) {
      expect('(');
      List<Object> items = new ArrayList<>();
      while (!peek(')')) {
        if (!items.isEmpty()) {
          expect(',');
        }
        items.add(value());
      }
      expect(')');
      return items;
    }
    if (peek('[')) {
      return Shape.of(dims());
    }
    if (peek('"')) {
      return string();
    }
    int start = pos;
    char c = text.charAt(pos);
    // "-Infinity" and "-NaN" are numbers; a minus before another name starts a size expression.
    boolean negativeNonFinite = text.startsWith("-Infinity", pos) || text.startsWith("-NaN", pos);
    if (c == '-' && !negativeNonFinite && pos + 1 < text.length()
        && Character.isLetter(text.charAt(pos + 1)) || sizeExpressionAt(pos)) {
      // A size expression in a tuple, as a symbolic slice prints its bounds: (0,n-1).
      while (pos < text.length() && ",)]".indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      try {
        return Dim.parse(text.substring(start, pos));
      } catch (IrException e) {
        throw errorAt(start, e.getMessage());
      }
    }
    if (Character.isLetter(c) && !text.startsWith("NaN", pos) && !text.startsWith("Infinity", pos)) {
      String w = word();
      DType d = dtype(w);
      if (d == null) {
        return w;
      }
      if (pos < text.length() && text.charAt(pos) == '[') {
        return TensorType.of(d, Shape.of(dims()));
      }
      return d;
    }
    return number();
  }

  private TensorType type() {
    skipSpace();
    int at = pos;
    String w = word();
    DType d = dtype(w);
    if (d == null) {
      throw errorAt(at, "expected a type such as f64[3], got '" + w + "'");
    }
    return TensorType.of(d, Shape.of(dims()));
  }

  private static DType dtype(String w) {
    for (DType d : DType.values()) {
      if (d.toString().equals(w)) {
        return d;
      }
    }
    return null;
  }

  /** True if a name or integer at {@code p} is followed by {@code + - * ^}, as in {@code n-1}. */
  private boolean sizeExpressionAt(int p) {
    int q = p;
    if (q < text.length() && Character.isLetter(text.charAt(q))) {
      while (q < text.length() && (Character.isLetterOrDigit(text.charAt(q)) || text.charAt(q) == '_')) {
        q++;
      }
    } else {
      while (q < text.length() && Character.isDigit(text.charAt(q))) {
        q++;
      }
      if (q == p) {
        return false;
      }
    }
    return q < text.length() && "+-*^".indexOf(text.charAt(q)) >= 0
        && q + 1 < text.length() && (Character.isLetterOrDigit(text.charAt(q + 1))
        || text.charAt(q + 1) == '(');
  }

  /** {@code [3,4]} or {@code [n,2*n+1]}: each dim up to the next comma or bracket. */
  private Dim[] dims() {
    expect('[');
    List<Dim> ds = new ArrayList<>();
    while (!peek(']')) {
      if (!ds.isEmpty()) {
        expect(',');
      }
      skipSpace();
      int at = pos;
      char c = pos < text.length() ? text.charAt(pos) : ' ';
      if (Character.isDigit(c) || c == '-' || c == '+') {
        int save = pos;
        long v = integer();
        skipSpace();
        if (peek(',') || peek(']')) {
          ds.add(Dim.of((int) v));
          continue;
        }
        pos = save;
      }
      while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ']') {
        pos++;
      }
      try {
        ds.add(Dim.parse(text.substring(at, pos)));
      } catch (IrException e) {
        throw errorAt(at, e.getMessage());
      }
    }
    expect(']');
    return ds.toArray(new Dim[0]);
  }

  // ---------------------------------------------------------------- tokens

  private long integer() {
    Number n = number();
    if (!(n instanceof Long)) {
      throw error("expected an integer");
    }
    return (Long) n;
  }

  /** An integer ({@code Long}) or a double ({@code 1.5}, {@code -2.0E-5}, {@code NaN}, {@code -Infinity}). */
  private Number number() {
    skipSpace();
    int start = pos;
    if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
      pos++;
    }
    if (text.startsWith("NaN", pos)) {
      pos += 3;
      return Double.NaN;
    }
    if (text.startsWith("Infinity", pos)) {
      pos += 8;
      return text.charAt(start) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    boolean real = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isDigit(c)) {
        pos++;
      } else if (c == '.' || c == 'E' || c == 'e') {
        real = true;
        pos++;
        if ((c == 'E' || c == 'e') && pos < text.length()
            && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
          pos++;
        }
      } else {
        break;
      }
    }
    String s = text.substring(start, pos);
    try {
      return real ? (Number) Double.parseDouble(s) : (Number) Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw errorAt(start, "expected a number, got '" + (s.isEmpty() ? peekText() : s) + "'");
    }
  }

  private String string() {
    skipSpace();
    if (!peek('"')) {
      throw error("expected a string");
    }
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n':
          sb.append('\n');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 'u':
          sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
          break;
        default:
          sb.append(e);
      }
    }
  }

  private String identifier() {
    skipSpace();
    int at = pos;
    String w = word();
    if (!IrWriter.isIdentifier(w)) {
      throw errorAt(at, "expected a name, got '" + w + "'");
    }
    return w;
  }

  /** A run of letters, digits, '_' and a leading '@'. */
  private String word() {
    skipSpace();
    int start = pos;
    if (pos < text.length() && text.charAt(pos) == '@') {
      pos++;
    }
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a word, got '" + peekText() + "'");
    }
    return text.substring(start, pos);
  }

  private boolean peekWord(String w) {
    skipSpace();
    if (!text.startsWith(w, pos)) {
      return false;
    }
    int end = pos + w.length();
    return end >= text.length()
        || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_');
  }

  private void expectWord(String w) {
    if (!peekWord(w)) {
      throw error("expected '" + w + "', got '" + peekText() + "'");
    }
    pos += w.length();
  }

  private boolean peek(char c) {
    skipSpace();
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "', got '" + peekText() + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private String peekText() {
    skipSpace();
    return pos >= text.length() ? "end of text" : text.substring(pos, Math.min(text.length(), pos + 12));
  }

  private IrException error(String message) {
    skipSpace();
    return errorAt(pos, message);
  }

  private IrException errorAt(int at, String message) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < at && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new IrException("IR text " + line + ":" + col + ": " + message);
  }
}
