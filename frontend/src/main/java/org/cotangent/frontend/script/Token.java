package org.cotangent.frontend.script;

/**
 * One token of a script. Tokens never span lines, so {@code endColumn} (the column just after the
 * token) is on {@code pos.line()}.
 *
 * @param kind what the token is
 * @param text its source text ({@code "\n"} for a newline, "" at end of file)
 * @param value the literal value ({@code Long}, {@code Double}, the decoded {@code String}), or for
 *     an {@link Kind#ERROR} token the error message; otherwise null
 * @param pos where it starts (for an error token: where the error is reported)
 * @param endColumn the column just after it
 * @param index its index in the token list
 */
record Token(Kind kind, String text, Object value, Pos pos, int endColumn, int index) {

  /** Token kinds; {@code symbol} is how a message names the token. */
  enum Kind {
    NAME(null),
    INT(null),
    FLOAT(null),
    IMAG(null),
    STRING(null),
    // keywords
    DEF("def"),
    RETURN("return"),
    LAMBDA("lambda"),
    IF("if"),
    ELSE("else"),
    FOR("for"),
    IN("in"),
    WHILE("while"),
    BREAK("break"),
    CONTINUE("continue"),
    AND("and"),
    OR("or"),
    NOT("not"),
    TRUE("True"),
    FALSE("False"),
    NONE("None"),
    // brackets
    LPAREN("("),
    RPAREN(")"),
    LBRACKET("["),
    RBRACKET("]"),
    LBRACE("{"),
    RBRACE("}"),
    // punctuation and operators
    COMMA(","),
    COLON(":"),
    SEMI(";"),
    DOT("."),
    ASSIGN("="),
    PLUS("+"),
    MINUS("-"),
    STAR("*"),
    SLASH("/"),
    AT("@"),
    POW("**"),
    SLASHSLASH("//"),
    PERCENT("%"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    EQ("=="),
    NE("!="),
    NEWLINE(null),
    EOF(null),
    /** A lexical error; the parser throws it when it reaches it, so errors come in source order. */
    ERROR(null);

    final String symbol;

    Kind(String symbol) {
      this.symbol = symbol;
    }

    boolean isOpener() {
      return this == LPAREN || this == LBRACKET || this == LBRACE;
    }

    boolean isCloser() {
      return this == RPAREN || this == RBRACKET || this == RBRACE;
    }

    /** The closer of an opener, the opener of a closer. */
    Kind partner() {
      switch (this) {
        case LPAREN:
          return RPAREN;
        case RPAREN:
          return LPAREN;
        case LBRACKET:
          return RBRACKET;
        case RBRACKET:
          return LBRACKET;
        case LBRACE:
          return RBRACE;
        case RBRACE:
          return LBRACE;
        default:
          throw new IllegalArgumentException(name());
      }
    }
  }

  /** How an error message names this token: "')'", "name 'x'", "end of line", ... */
  String describe() {
    switch (kind) {
      case EOF:
        return "end of file";
      case NEWLINE:
        return "end of line";
      case NAME:
        return "name '" + text + "'";
      case INT:
      case FLOAT:
      case IMAG:
        return "number '" + text + "'";
      case STRING:
        return "string " + text;
      default:
        return "'" + text + "'";
    }
  }
}
