package org.cotangent.frontend.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.cotangent.frontend.script.Token.Kind;
import org.junit.jupiter.api.Test;

class LexerTest {
  private static List<Token> lex(String s) {
    return Lexer.tokenize(new Source("t.ct", s));
  }

  /** Kinds and texts, e.g. "NAME:x ASSIGN:= INT:1 EOF:". */
  private static String kinds(String s) {
    return lex(s).stream()
        .map(t -> t.kind() + (t.kind() == Kind.NEWLINE ? "" : ":" + t.text()))
        .collect(Collectors.joining(" "));
  }

  private static Token first(String s) {
    return lex(s).get(0);
  }

  @Test
  void namesKeywordsAndOperators() {
    assertEquals(
        "NAME:x_1 ASSIGN:= LAMBDA:lambda NAME:a COLON:: NOT:not NAME:a AND:and TRUE:True"
            + " OR:or NONE:None EOF:",
        kinds("x_1 = lambda a: not a and True or None"));
    assertEquals(
        "POW:** STAR:* SLASH:/ SLASHSLASH:// PERCENT:% AT:@ LE:<= LT:< GE:>= GT:> EQ:== NE:!="
            + " ASSIGN:= PLUS:+ MINUS:- DOT:. COMMA:, SEMI:; EOF:",
        kinds("** * / // % @ <= < >= > == != = + - . , ;"));
    assertEquals(
        "LPAREN:( RPAREN:) LBRACKET:[ RBRACKET:] LBRACE:{ RBRACE:} EOF:", kinds("()[]{}"));
    assertEquals(
        "DEF:def NAME:f RETURN:return IF:if ELSE:else FALSE:False NAME:true EOF:",
        kinds("def f return if else False true"));
  }

  @Test
  void numbers() {
    assertEquals(42L, first("42").value());
    assertEquals(Kind.INT, first("0").kind());
    assertEquals(Kind.FLOAT, first("2.").kind());
    assertEquals(2.0, first("2.").value());
    assertEquals(0.5, first(".5").value());
    assertEquals(1e-4, first("1e-4").value());
    assertEquals(1e5, first("1.e5").value());
    assertEquals(2.5e3, first("2.5E+3").value());
    assertEquals(Kind.IMAG, first("4j").kind());
    assertEquals(4.0, first("4j").value());
    assertEquals(1.5, first("1.5j").value());
    assertEquals(1e3, first("1e3J").value());
    assertEquals("1e-4", first("1e-4").text());
    assertEquals(Long.MAX_VALUE, first("9223372036854775807").value());
    assertEquals("MINUS:- INT:1 EOF:", kinds("-1"));
    assertEquals("NAME:x LBRACKET:[ INT:1 COLON:: INT:2 RBRACKET:] EOF:", kinds("x[1:2]"));
  }

  @Test
  void aDotRightAfterAValueIsAnAttributeDot() {
    assertEquals("NAME:t DOT:. INT:0 EOF:", kinds("t.0"));
    assertEquals("NAME:x PLUS:+ FLOAT:.5 EOF:", kinds("x + .5"));
    assertEquals("NAME:x DOT:. NAME:T EOF:", kinds("x.T"));
  }

  @Test
  void strings() {
    Token t = first("'a\\n\\t\\\\\\\"\\'\\rb'");
    assertEquals(Kind.STRING, t.kind());
    assertEquals("a\n\t\\\"'\rb", t.value());
    assertEquals("\"it's\"", first("\"it's\"").text());
    assertEquals("it's", first("\"it's\"").value());
    assertEquals("", first("''").value());
    assertEquals("STRING:\"# not a comment\" EOF:", kinds("\"# not a comment\""));
  }

  @Test
  void newlinesCommentsAndBlanks() {
    assertEquals(
        "NAME:a NEWLINE NEWLINE NAME:b NEWLINE NAME:c NEWLINE EOF:",
        kinds("a  # comment\n\t\nb\r\nc\r"));
    assertEquals("NAME:a NEWLINE NEWLINE NAME:b EOF:", kinds("a\n# only a comment\nb"));
    assertEquals("NAME:a NAME:b EOF:", kinds("a\fb"));
  }

  @Test
  void positionsAreOneBasedAndTokensKnowWhereTheyEnd() {
    List<Token> ts = lex("x = 1\n  foo(\"s\")\n");
    Token foo = ts.get(4);
    assertEquals("foo", foo.text());
    assertEquals(2, foo.pos().line());
    assertEquals(3, foo.pos().column());
    assertEquals(6, foo.endColumn());
    Token str = ts.get(6);
    assertEquals(7, str.pos().column());
    assertEquals(10, str.endColumn());
    Token eof = ts.get(ts.size() - 1);
    assertEquals(Kind.EOF, eof.kind());
    assertEquals("t.ct:2:11", eof.pos().toString());
  }

  @Test
  void tabsCountAsOneColumn() {
    Token y = lex("\tx =\ty").get(2);
    assertEquals("y", y.text());
    assertEquals(6, y.pos().column());
  }

  @Test
  void mistakesBecomeErrorTokensAndLexingGoesOn() {
    List<Token> ts = lex("x = 1e + $ + 2");
    assertEquals(Kind.ERROR, ts.get(2).kind());
    assertEquals(
        "bad number literal '1e': the exponent needs digits, as in 1e-4", ts.get(2).value());
    assertEquals(Kind.ERROR, ts.get(4).kind());
    assertEquals("unexpected character '$'", ts.get(4).value());
    assertEquals(Kind.INT, ts.get(6).kind());
  }
}
