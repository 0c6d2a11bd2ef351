/**
 * The front end of Cotangent's script language ({@code .ct} files, the REPL, strings handed in at
 * run time): a hand-written lexer, a recursive-descent parser, the AST ({@link
 * org.cotangent.frontend.script.Expr}, {@link org.cotangent.frontend.script.Stmt}, {@link
 * org.cotangent.frontend.script.Target}) with a line and column on every node, and {@link
 * org.cotangent.frontend.script.ScriptError}, the one error type for user mistakes, which formats
 * as {@code file:line:col: message}, the source line and a caret.
 *
 * <p>Entry points: {@link org.cotangent.frontend.script.Parser#parseProgram}, {@link
 * org.cotangent.frontend.script.Parser#parseExpression} and {@link
 * org.cotangent.frontend.script.Parser#isIncomplete}. The grammar, the precedence table and every
 * error message are listed in {@code docs/script-language.md}.
 */
package org.cotangent.frontend.script;
