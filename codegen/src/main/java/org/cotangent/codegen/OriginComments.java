package org.cotangent.codegen;

import org.cotangent.symbolic.ir.Origin;
import org.cotangent.symbolic.ir.SourcePos;

/**
 * Introduces each run of statements that share a source origin with a comment naming the source
 * line, as Tangent does ({@code # Grad of: y = x * x}):
 * {@code // grad of: label_probs = preds * targets  (loss.ct:7)}. A comment is written only when
 * the origin changes; a statement without an origin ends the run.
 */
final class OriginComments {
  private Origin last;

  /** Writes the introduction of {@code o} if it starts a new run. */
  void before(JavaWriter w, Origin o) {
    if (o != null && !o.equals(last)) {
      w.comment(text(o));
    }
    last = o;
  }

  /** Starts afresh (a new block of code: a loop body, a method). */
  void reset() {
    last = null;
  }

  /** {@code from: <the source line>  (file:line)}; the line's text is left out if unknown. */
  static String text(Origin o) {
    SourcePos p = o.pos();
    String line = p.lineText().strip();
    String where = p.file() + ":" + p.line();
    return line.isEmpty() ? o.role().label() + " " + where
        : o.role().label() + ": " + line + "  (" + where + ")";
  }
}
