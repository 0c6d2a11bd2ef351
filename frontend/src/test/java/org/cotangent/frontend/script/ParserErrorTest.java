package org.cotangent.frontend.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Every syntax error the parser reports, checked as the user sees it: {@code format()} with file,
 * line, column, message, source line and caret.
 */
class ParserErrorTest {
  private static String err(String src) {
    return assertThrows(ScriptError.class, () -> Parser.parseProgram(src, "t.ct")).format();
  }

  private static String exprErr(String src) {
    return assertThrows(ScriptError.class, () -> Parser.parseExpression(src, "e.ct")).format();
  }

  /** The expected report: the first line, then the source line, then the caret line. */
  private static String report(String head, String line, int column) {
    return head + "\n    " + line + "\n    " + " ".repeat(column - 1) + "^";
  }

  // ------------------------------------------------------------------ brackets

  @Test
  void unbalancedBracketAtEndOfLine() {
    assertEquals(
        report("t.ct:1:11: unbalanced '(': expected ')' before end of line", "x = f(1, 2", 11),
        err("x = f(1, 2\ny = 3\n"));
    assertEquals(
        report("t.ct:1:11: unbalanced '(': expected ')' before end of line", "x = f(1, 2", 11),
        err("x = f(1, 2"));
    assertEquals(
        report("t.ct:1:11: unbalanced '[': expected ']' before end of line", "x = [1, 2,", 11),
        err("x = [1, 2,\n\n"));
    assertEquals(
        report("t.ct:1:7: unbalanced '(': expected ')' before end of line", "x = f(", 7),
        err("x = f(\n"));
    assertEquals(
        report("e.ct:1:8: unbalanced '{': expected '}' before end of line", "{'a': 1", 8),
        exprErr("{'a': 1"));
  }

  @Test
  void unbalancedBracketAcrossLines() {
    // The call spans two lines; its ')' is missing at the end of the second.
    assertEquals(
        report(
            "t.ct:2:10: unbalanced '(' (opened at 1:8): expected ')' before end of line",
            "        b",
            10),
        err("x = foo(a,\n        b\ny = 2\n"));
    // Inside a def body the next statement shows where the ')' is missing.
    assertEquals(
        report("t.ct:2:10: unbalanced '(': expected ')' before end of line", "  y = g(x", 10),
        err("def f(x) {\n  y = g(x\n  return y\n}\n"));
    // An inner bracket that is closed does not hide the outer one.
    assertEquals(
        report("t.ct:1:14: unbalanced '(': expected ')' before end of line", "x = f(g(1), 2", 14),
        err("x = f(g(1), 2\ny = 3"));
  }

  @Test
  void unbalancedBracketFoundInTheMiddleOfALaterLineIsReportedAtTheBracket() {
    assertEquals(
        report(
            "t.ct:1:8: unbalanced '(' is never closed: add the missing ')' (parsing stopped at"
                + " 2:3: expected ',' or ')', found '=')",
            "x = foo(a +",
            8),
        err("x = foo(a +\ny = 2\n"));
    assertEquals(
        report(
            "t.ct:1:6: unbalanced '(' is never closed: add the missing ')' (parsing stopped at"
                + " 2:5: expected ',' or ')', found number '3')",
            "x = f(1,",
            6),
        err("x = f(1,\n  2 3\n"));
  }

  @Test
  void aMistakeInsideAClosedMultiLineBracketIsReportedWhereItIs() {
    assertEquals(
        report("t.ct:2:2: expected an expression, found ','", " ,2]", 2), err("x = [1,\n ,2]"));
    assertEquals(
        report("t.ct:3:1: expected ',' or ')', found name 'y'", "y = 3)", 1),
        err("x = f(1,\n      2\ny = 3)"));
  }

  @Test
  void mismatchedAndUnexpectedClosers() {
    assertEquals(
        report(
            "t.ct:1:10: mismatched ')': expected ']' to close the '[' at 1:5", "x = [1, 2)", 10),
        err("x = [1, 2)"));
    assertEquals(
        report("t.ct:2:6: mismatched '}': expected ')' to close the '(' at 1:5", "  1, }", 6),
        err("x = (\n  1, }"));
    assertEquals(
        report("t.ct:1:6: unexpected ')': there is no open '(' to close; remove it", "x = 1)", 6),
        err("x = 1)"));
    assertEquals(
        report("t.ct:1:5: unexpected ']': there is no open '[' to close; remove it", "x = ]", 5),
        err("x = ]"));
    assertEquals(
        report("t.ct:2:1: unexpected '}': there is no open '{' to close; remove it", "}", 1),
        err("print(1)\n}\n"));
    assertEquals(
        report(
            "t.ct:1:20: unexpected ')': there is no open '(' to close; remove it",
            "def f(x) { return x) }",
            20),
        err("def f(x) { return x) }"));
    assertEquals(
        report(
            "e.ct:1:5: unexpected ')': there is no open '(' to close; remove it", "f(x))", 5),
        exprErr("f(x))"));
  }

  @Test
  void missingClosingBraceOfADefBody() {
    // Reported at the end of the file: after the last character that is not blank.
    assertEquals(
        report(
            "t.ct:3:11: unbalanced '{' of def 'f' (opened at 1:10): expected '}' before end of"
                + " file",
            "  return y",
            11),
        err("def f(x) {\n  y = x\n  return y\n\n"));
    assertEquals(
        report(
            "t.ct:1:11: unbalanced '{' of def 'f' (opened at 1:10): expected '}' before end of"
                + " file",
            "def f(x) {",
            11),
        err("def f(x) {"));
    // More statements after the return: the '}' belongs right after it.
    assertEquals(
        report(
            "t.ct:2:11: unbalanced '{' of def 'f' (opened at 1:10): expected '}' after its"
                + " 'return'",
            "  return x",
            11),
        err("def f(x) {\n  return x\n\ndef g(y) = y\n"));
  }

  // ------------------------------------------------------------------ lexical

  @Test
  void badNumberLiterals() {
    assertEquals(
        report(
            "t.ct:1:5: bad number literal '1e': the exponent needs digits, as in 1e-4",
            "x = 1e",
            5),
        err("x = 1e"));
    assertEquals(
        report(
            "t.ct:1:5: bad number literal '1e+': the exponent needs digits, as in 1e-4",
            "x = 1e+ 2",
            5),
        err("x = 1e+ 2"));
    assertEquals(
        report(
            "t.ct:1:5: bad number literal '3x': a number cannot run into a name; for a product"
                + " write '*' between them",
            "x = 3x",
            5),
        err("x = 3x"));
    assertEquals(
        report(
            "t.ct:1:5: bad number literal '0x1F': only decimal numbers are supported",
            "x = 0x1F",
            5),
        err("x = 0x1F"));
    assertEquals(
        report(
            "t.ct:1:5: bad number literal '1_000': '_' digit separators are not supported; write"
                + " the digits together",
            "x = 1_000",
            5),
        err("x = 1_000"));
    assertEquals(
        report(
            "t.ct:1:5: bad number literal '007': leading zeros are not allowed in integers;"
                + " write 7",
            "x = 007",
            5),
        err("x = 007"));
    assertEquals(
        report(
            "t.ct:1:5: bad number literal '1.2.3': a number has at most one '.'", "x = 1.2.3", 5),
        err("x = 1.2.3"));
    assertEquals(
        report(
            "t.ct:1:5: integer literal '99999999999999999999' is too large (the largest is"
                + " 9223372036854775807); write it as a float, as in 9e19",
            "x = 99999999999999999999",
            5),
        err("x = 99999999999999999999"));
  }

  @Test
  void strings() {
    assertEquals(
        report(
            "t.ct:2:7: unterminated string: close it with \" before the end of the line (strings"
                + " cannot span lines)",
            "print(\"abc)",
            7),
        err("x = 1\nprint(\"abc)\n"));
    assertEquals(
        report(
            "t.ct:1:5: unterminated string: close it with ' before the end of the line (strings"
                + " cannot span lines)",
            "x = 'abc\\",
            5),
        err("x = 'abc\\\nd'"));
    assertEquals(
        report(
            "t.ct:1:7: unknown escape '\\q' in string; the escapes are \\n \\t \\r \\\\ \\\" \\'"
                + " (write \\\\ for a backslash)",
            "x = 'a\\qb'",
            7),
        err("x = 'a\\qb'"));
  }

  @Test
  void unexpectedCharacters() {
    assertEquals(
        report("t.ct:1:7: unexpected character '$'", "x = a $ b", 7), err("x = a $ b"));
    assertEquals(
        report("t.ct:1:7: unexpected character '^'; use '**' for powers", "x = a ^ 2", 7),
        err("x = a ^ 2"));
    assertEquals(
        report("t.ct:1:7: unexpected character '&'; use 'and'", "x = a & b", 7),
        err("x = a & b"));
    assertEquals(
        report("t.ct:1:7: unexpected character '|'; use 'or'", "x = a | b", 7),
        err("x = a | b"));
    assertEquals(
        report("t.ct:1:5: unexpected character '!'; use 'not' for negation", "x = !a", 5),
        err("x = !a"));
    assertEquals(
        report(
            "t.ct:1:9: unexpected character '\\'; continuing a line with '\\' is not supported;"
                + " wrap the expression in parentheses",
            "x = 1 + \\",
            9),
        err("x = 1 + \\\n 2"));
    assertEquals(
        report(
            "t.ct:1:5: unexpected character '\u00e9' (U+00E9); names may only use the letters A-Z,"
                + " a-z, digits and '_'",
            "x = \u00e9t\u00e9",
            5),
        err("x = \u00e9t\u00e9"));
    assertEquals(
        report("t.ct:1:5: '+=' is not supported; write x = x + ... instead", "  x += 1", 5),
        err("  x += 1"));
    assertEquals(
        report("t.ct:1:3: '**=' is not supported; write x = x ** ... instead", "x **= 2", 3),
        err("x **= 2"));
    assertEquals(
        report("t.ct:1:3: '//=' is not supported; write x = floor(x / b) instead", "x //= 2", 3),
        err("x //= 2"));
    assertEquals(
        report("t.ct:1:3: '%=' is not supported; write x = x % ... instead", "x %= 2", 3),
        err("x %= 2"));
  }

  @Test
  void errorsComeInSourceOrder() {
    // The parse error on line 2 is reported before the unterminated string on line 3.
    assertEquals(
        report(
            "t.ct:2:7: expected a newline or ';' after the statement, found name 'z'",
            "y = 1 z",
            7),
        err("x = 1\ny = 1 z\nw = \"abc\n"));
    assertEquals(
        report(
            "t.ct:1:5: unterminated string: close it with \" before the end of the line (strings"
                + " cannot span lines)",
            "w = \"abc",
            5),
        err("w = \"abc\ny = 1 z\n"));
  }

  @Test
  void theCaretLinesUpUnderTabs() {
    assertEquals(
        "t.ct:1:10: unexpected character '$'\n    x =\t(1 +\t$)\n       \t    \t^",
        err("x =\t(1 +\t$)"));
  }

  // ------------------------------------------------------------------ expressions

  @Test
  void expectedAnExpression() {
    assertEquals(
        report("t.ct:1:10: expected an expression, found ']'", "x = [1, -]", 10),
        err("x = [1, -]"));
    assertEquals(
        report("t.ct:1:8: expected an expression, found end of file", "x = 1 +", 8),
        err("x = 1 +"));
    assertEquals(
        report("t.ct:1:5: expected an expression, found 'else'", "x = else", 5), err("x = else"));
    assertEquals(
        report("t.ct:1:6: expected an expression, found '*'", "f(a, *b)", 6),
        err("f(a, *b)"));
    assertEquals(report("e.ct:1:1: expected an expression, found end of file", "", 1), exprErr(""));
    assertEquals(
        report("e.ct:1:3: expected the end of the expression, found '='", "x = 1", 3),
        exprErr("x = 1"));
    assertEquals(
        report("e.ct:2:1: expected the end of the expression, found name 'y'", "y", 1),
        exprErr("x\ny"));
  }

  @Test
  void chainedComparisons() {
    assertEquals(
        report(
            "t.ct:1:11: chained comparisons like a < b < c are not supported; write (a < b) and"
                + " (b < c)",
            "x = a < b < c",
            11),
        err("x = a < b < c"));
    assertEquals(
        report(
            "t.ct:1:12: chained comparisons like a < b < c are not supported; write (a < b) and"
                + " (b < c)",
            "x = 0 <= i == j",
            12),
        err("x = 0 <= i == j"));
  }

  @Test
  void unsupportedOperators() {
    assertEquals(
        report("t.ct:1:7: '//' is not supported; write floor(a / b)", "x = a // b", 7),
        err("x = a // b"));
  }

  @Test
  void operandsThatNeedParentheses() {
    assertEquals(
        report(
            "t.ct:1:9: 'not' binds more loosely than comparisons and arithmetic; put it in"
                + " parentheses: (not x)",
            "x = 1 + not y",
            9),
        err("x = 1 + not y"));
    assertEquals(
        report(
            "t.ct:1:9: a lambda inside an operator expression needs parentheses: (lambda x: ...)",
            "x = 1 + lambda: 2",
            9),
        err("x = 1 + lambda: 2"));
    assertEquals(
        report(
            "t.ct:1:5: 'def' starts a statement and cannot be used inside an expression; use"
                + " lambda",
            "f = def g(x) = x",
            5),
        err("f = def g(x) = x"));
  }

  @Test
  void conditionalWithoutElse() {
    assertEquals(
        report(
            "t.ct:1:11: expected 'else' to complete the conditional expression 'a if condition"
                + " else b', found end of file",
            "x = 1 if c",
            11),
        err("x = 1 if c"));
  }

  @Test
  void lambdaParameters() {
    assertEquals(
        report("t.ct:1:10: expected ',' or ':' after a lambda parameter, found name 'y'",
            "lambda x y: 1", 10),
        err("lambda x y: 1"));
    assertEquals(
        report("t.ct:1:8: expected a parameter name or ':', found '('", "lambda (x): 1", 8),
        err("lambda (x): 1"));
    assertEquals(
        report("t.ct:1:11: duplicate parameter 'x' in lambda", "lambda x, x: 1", 11),
        err("lambda x, x: 1"));
    assertEquals(
        report(
            "t.ct:1:9: default parameter values are not supported; pass every argument explicitly",
            "lambda x=1: x",
            9),
        err("lambda x=1: x"));
  }

  @Test
  void callArguments() {
    assertEquals(
        report(
            "t.ct:1:11: positional argument after keyword argument 'k'; put positional arguments"
                + " first",
            "f(a, k=1, 2)",
            11),
        err("f(a, k=1, 2)"));
    assertEquals(
        report("t.ct:1:8: keyword argument 'k' is given twice", "f(k=1, k=2)", 8),
        err("f(k=1, k=2)"));
    assertEquals(
        report(
            "t.ct:1:3: a keyword argument needs a plain name before '=', as in f(x, axis=0)",
            "f(a.b=1)",
            3),
        err("f(a.b=1)"));
    assertEquals(
        report("t.ct:1:5: expected ',' or ')', found name 'b'", "f(a b)", 5), err("f(a b)"));
  }

  @Test
  void subscriptsAttributesAndDicts() {
    assertEquals(
        report("t.ct:1:3: empty index '[]': write an index inside the brackets, as in x[0]", "x[]",
            3),
        err("x[]"));
    assertEquals(
        report(
            "t.ct:1:3: expected an attribute name after '.', found number '0'; to index write x[0]",
            "t.0",
            3),
        err("t.0"));
    assertEquals(
        report("t.ct:1:3: expected an attribute name after '.', found '('", "x.(1)", 3),
        err("x.(1)"));
    assertEquals(
        report("t.ct:1:3: expected ':' after a dict key, found ','", "{1, 2}", 3), err("{1, 2}"));
  }

  @Test
  void tooDeeplyNested() {
    String deep = "x = " + "(".repeat(300) + "1" + ")".repeat(300);
    ScriptError e = assertThrows(ScriptError.class, () -> Parser.parseProgram(deep, "t.ct"));
    assertEquals(
        "expression nested too deeply (more than 200 levels); split it into several assignments",
        e.message());
    String power = "x = " + "2 ** ".repeat(5000) + "2";
    assertThrows(ScriptError.class, () -> Parser.parseProgram(power, "t.ct"));
    String neg = "x = " + "-".repeat(5000) + "2";
    assertThrows(ScriptError.class, () -> Parser.parseProgram(neg, "t.ct"));
    // Long flat chains are loops, not recursion.
    Parser.parseProgram("x = " + "1 + ".repeat(5000) + "1", "t.ct");
  }

  // ------------------------------------------------------------------ statements

  @Test
  void statementEnd() {
    assertEquals(
        report("t.ct:1:7: expected a newline or ';' after the statement, found number '2'",
            "x = 1 2", 7),
        err("x = 1 2"));
    assertEquals(
        report(
            "t.ct:1:7: chained assignment a = b = ... is not supported; assign one target at a"
                + " time",
            "a = b = 1",
            7),
        err("a = b = 1"));
  }

  @Test
  void invalidAssignmentTargets() {
    assertEquals(
        report(
            "t.ct:1:1: invalid assignment target: cannot assign to a function call; to define a"
                + " function write def f(x) = ...",
            "f(x) = 1",
            1),
        err("f(x) = 1"));
    assertEquals(
        report(
            "t.ct:1:1: invalid assignment target: cannot assign to an element x[...]; values"
                + " cannot be changed in place, assign a new name instead",
            "x[0] = 1",
            1),
        err("x[0] = 1"));
    assertEquals(
        report(
            "t.ct:1:5: invalid assignment target: cannot assign to an expression; only names and"
                + " tuples of names can be assigned",
            "(a, b + 1) = t",
            5),
        err("(a, b + 1) = t"));
    assertEquals(
        report(
            "t.ct:1:1: invalid assignment target: cannot assign to a literal; only names and"
                + " tuples of names can be assigned",
            "1 = x",
            1),
        err("1 = x"));
    assertEquals(
        report(
            "t.ct:1:4: invalid assignment target: cannot assign to None; only names and tuples"
                + " of names can be assigned",
            "a, None = t",
            4),
        err("a, None = t"));
    assertEquals(
        report(
            "t.ct:1:1: invalid assignment target: cannot assign to an attribute; only names and"
                + " tuples of names can be assigned",
            "x.T = y",
            1),
        err("x.T = y"));
    assertEquals(
        report(
            "t.ct:1:1: invalid assignment target: cannot assign to an empty tuple; only names and"
                + " tuples of names can be assigned",
            "() = t",
            1),
        err("() = t"));
  }

  @Test
  void returnOutsideADefAndReturnWithoutAValue() {
    assertEquals(
        report(
            "t.ct:2:1: 'return' outside a function: 'return' may only end the body of a"
                + " def f(...) { ... }",
            "return x",
            1),
        err("x = 1\nreturn x\n"));
    assertEquals(
        report(
            "t.ct:1:19: 'return' needs a value: write return <expression>",
            "def f(x) { return }",
            19),
        err("def f(x) { return }"));
    assertEquals(
        report("t.ct:1:12: expected an expression, found 'return'", "def f(x) = return x", 12),
        err("def f(x) = return x"));
  }

  @Test
  void statementsAfterReturn() {
    assertEquals(
        report(
            "t.ct:1:22: unreachable statement: nothing after 'return' runs; remove it or move the"
                + " 'return' to the end of 'f'",
            "def f(x) { return x; y = 1 }",
            22),
        err("def f(x) { return x; y = 1 }"));
  }

  @Test
  void defHeaders() {
    assertEquals(
        report("t.ct:1:5: expected a function name after 'def', found '('", "def (x) = x", 5),
        err("def (x) = x"));
    assertEquals(
        report("t.ct:1:7: expected '(' after 'def f', found '='", "def f = 1", 7),
        err("def f = 1"));
    assertEquals(
        report("t.ct:1:9: expected '=' or '{' after 'def f(...)', found ':'", "def f(x): x", 9),
        err("def f(x): x"));
    assertEquals(
        report(
            "t.ct:1:9: expected '=' or '{' after 'def f(...)', found end of line; the '{' of a"
                + " def body must be on the line of 'def'",
            "def f(x)",
            9),
        err("def f(x)\n{\n  return x\n}"));
    assertEquals(
        report(
            "t.ct:1:10: duplicate parameter 'x' in the definition of 'f'", "def f(x, x) = x", 10),
        err("def f(x, x) = x"));
    assertEquals(
        report(
            "t.ct:1:8: default parameter values are not supported; pass every argument explicitly",
            "def f(x=1) = x",
            8),
        err("def f(x=1) = x"));
    assertEquals(
        report("t.ct:1:7: expected a parameter name, found number '1'", "def f(1) = x", 7),
        err("def f(1) = x"));
  }

  @Test
  void loopAndIfStatementMistakes() {
    assertEquals(
        report("t.ct:1:21: 'break' is not supported; loops run their whole range: put the exit"
            + " test in a while loop's condition, or use where(...) to skip a step's effect",
            "for i in range(3) { break }", 21),
        err("for i in range(3) { break }"));
    assertEquals(
        report("t.ct:1:7: expected 'in' after the loop variable of 'for', found number '3'",
            "for i 3 { }", 7),
        err("for i 3 { }"));
    assertEquals(
        report("t.ct:1:5: invalid assignment target: cannot assign to a literal; only names and"
            + " tuples of names can be assigned", "for 1 in x { }", 5),
        err("for 1 in x { }"));
    assertEquals(
        report("t.ct:1:8: expected '{' to open the while loop, found end of line; the '{' of a while"
            + " loop must be on the line of its header", "while x", 8),
        err("while x\n{ }"));
    assertEquals(
        report("t.ct:1:1: 'else' without an 'if': write it right after the '}' of an if block",
            "else { }", 1),
        err("else { }"));
    assertEquals(
        report("t.ct:1:26: 'return' inside a while loop is not supported: assign the value to a"
            + " name and return it after the loop", "def f(x) { while x > 0 { return x }; x }",
            26),
        err("def f(x) { while x > 0 { return x }; x }"));
    assertEquals(
        report("t.ct:1:19: this 'return' is inside an 'if' whose branches do not all return: end"
            + " every branch with a return (with an else), and put nothing after that if",
            "def f(x) { if x { return x } else { y = 1 }; return y }", 19),
        err("def f(x) { if x { return x } else { y = 1 }; return y }"));
    assertEquals(
        report("t.ct:1:49: unreachable statement: nothing after 'return' runs; remove it or move"
            + " the 'return' to the end of 'f'",
            "def f(x) { if x { return x } else { return 1 }; y = 2 }", 49),
        err("def f(x) { if x { return x } else { return 1 }; y = 2 }"));
    assertEquals(
        report("t.ct:1:8: 'return' outside a function: 'return' may only end the body of a def"
            + " f(...) { ... }", "if x { return 1 } else { return 2 }", 8),
        err("if x { return 1 } else { return 2 }"));
  }
}
