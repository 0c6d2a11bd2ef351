package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An expression of a generated program, with the shape and dtype the generator intended for it.
 * Immutable; {@link #render} gives script text. The generator only builds well-typed expressions;
 * the shrinker edits them and lets the script tracer reject edits that are not.
 */
final class Ex {
  enum Kind {
    /** A parameter or a statement's variable ({@code text} is the name). */
    NAME,
    /** A number literal ({@code text}, negative ones parenthesised). */
    NUM,
    /** {@code array([...])} of {@code shape}, elements from {@code ints[0]} (a seed). */
    LIT,
    ZEROS,
    ONES,
    /** {@code full(shape, text)}. */
    FULL,
    /** {@code eye(n)}. */
    EYE,
    /** {@code arange(n)} (i64). */
    ARANGE,
    /** {@code uniform(ints[0], shape)}. */
    UNIFORM,
    /** {@code normal(ints[0], shape)}. */
    NORMAL,
    /** {@code (+a)}. */
    POS,
    /** A built-in of one argument, {@code text(a)}. */
    CALL1,
    /** {@code (-a)}. */
    NEG,
    /** {@code (a text b)} for an operator text. */
    BIN,
    /** A built-in of two arguments, {@code text(a, b)}. */
    CALL2,
    /** {@code where(c, a, b)}. */
    WHERE,
    /** {@code text(a)} or {@code text(a, axis=...)}; {@code ints} are the axes as written, or null. */
    REDUCE,
    /** {@code tensordot(a, b, axes=...)}: {@code ints = {n}} or {@code pair}. */
    TENSORDOT,
    /** {@code a.T}. */
    DOT_T,
    /** {@code transpose(a)} or {@code transpose(a, ints)}. */
    TRANSPOSE,
    /** {@code reshape(a, ints)} ({@code -1} allowed). */
    RESHAPE,
    /** {@code a[items]}. */
    INDEX,
    /** {@code concatenate([..], axis=ints[0])}. */
    CONCAT,
    STACK,
    VSTACK,
    HSTACK,
    /**
     * A built-in with options, {@code text(args..., options)}: flip, cumsum, cumprod, sort,
     * argsort, take, take_along_axis, clip, argmax, argmin, logsumexp, softmax, log_softmax, var,
     * std, norm; {@code ints} holds the options (see {@link #renderFunc}).
     */
    FUNC,
    /** An integer literal array ({@code ints} its values), as {@code array([...])} or a list. */
    INTS,
    /**
     * A loop or branch with lambda bodies ({@link Loops}): {@code text} is the construct and its
     * lambda's parameter names ({@code "scan c x"}), {@code args} its operands then its bodies,
     * {@code ints} its static options.
     */
    LOOP
  }

  /** An option left at its default. */
  static final int DEFAULT = Integer.MIN_VALUE + 1;

  /** Marks an absent slice bound. */
  static final int NONE = Integer.MIN_VALUE;

  final Kind kind;
  final String text;
  final List<Ex> args;
  final int[] shape;
  /** 'f' (f64), 'c' (c128), 'b' (bool) or 'i' (i64). */
  final char dtype;
  final int[] ints;
  /** Index items ({@code {0, i}} an integer, {@code {1, lo, hi}} a slice) or tensordot axis lists. */
  final int[][] pair;

  Ex(Kind kind, String text, List<Ex> args, int[] shape, char dtype, int[] ints, int[][] pair) {
    this.kind = kind;
    this.text = text;
    this.args = List.copyOf(args);
    this.shape = shape.clone();
    this.dtype = dtype;
    this.ints = ints == null ? null : ints.clone();
    this.pair = pair;
  }

  static Ex name(String n, int[] shape, char dtype) {
    return new Ex(Kind.NAME, n, List.of(), shape, dtype, null, null);
  }

  static Ex num(String text, char dtype) {
    return new Ex(Kind.NUM, text, List.of(), new int[0], dtype, null, null);
  }

  static Ex of(Kind k, String text, int[] shape, char dtype, int[] ints, Ex... args) {
    return new Ex(k, text, Arrays.asList(args), shape, dtype, ints, null);
  }

  Ex withArgs(List<Ex> newArgs) {
    return new Ex(kind, text, newArgs, shape, dtype, ints, pair);
  }

  Ex withInts(int[] newInts) {
    return new Ex(kind, text, args, shape, dtype, newInts, pair);
  }

  Ex withShape(int[] newShape) {
    return new Ex(kind, text, args, newShape, dtype, ints, pair);
  }

  Ex withItems(int[][] items) {
    return new Ex(kind, text, args, shape, dtype, ints, items);
  }

  Ex withDtype(char d) {
    return new Ex(kind, text, args, shape, d, ints, pair);
  }

  Ex withText(String t) {
    return new Ex(kind, t, args, shape, dtype, ints, pair);
  }

  /** Whether this expression or one inside it is complex (or a complex literal). */
  boolean mentionsComplex() {
    if (dtype == 'c') {
      return true;
    }
    for (Ex a : args) {
      if (a.mentionsComplex()) {
        return true;
      }
    }
    return false;
  }

  boolean isLeaf() {
    return args.isEmpty();
  }

  int size() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Number of expression nodes (for shrinking: smaller is simpler). */
  int weight() {
    int w = 1;
    for (Ex a : args) {
      w += a.weight();
    }
    return w;
  }

  // ------------------------------------------------------------------ rendering

  String render() {
    StringBuilder sb = new StringBuilder();
    render(sb);
    return sb.toString();
  }

  void render(StringBuilder sb) {
    switch (kind) {
      case NAME:
      case NUM:
        sb.append(text);
        return;
      case LIT:
        sb.append("array(");
        literal(sb, 0, 0);
        sb.append(')');
        return;
      case ZEROS:
      case ONES:
        sb.append(kind == Kind.ZEROS ? "zeros(" : "ones(").append(tuple(shape)).append(')');
        return;
      case FULL:
        sb.append("full(").append(tuple(shape)).append(", ").append(text).append(')');
        return;
      case EYE:
        sb.append("eye(").append(shape[0]).append(')');
        return;
      case ARANGE:
        sb.append("arange(").append(shape[0]).append(')');
        return;
      case UNIFORM:
      case NORMAL:
        sb.append(kind == Kind.UNIFORM ? "uniform(" : "normal(").append(ints[0]).append(", ")
            .append(tuple(shape)).append(')');
        return;
      case POS:
        sb.append("(+");
        args.get(0).render(sb);
        sb.append(')');
        return;
      case CALL1:
        sb.append(text).append('(');
        args.get(0).render(sb);
        sb.append(')');
        return;
      case NEG:
        sb.append("(-");
        args.get(0).render(sb);
        sb.append(')');
        return;
      case BIN:
        sb.append('(');
        args.get(0).render(sb);
        sb.append(' ').append(text).append(' ');
        args.get(1).render(sb);
        sb.append(')');
        return;
      case CALL2:
      case WHERE:
        sb.append(kind == Kind.WHERE ? "where" : text).append('(');
        for (int i = 0; i < args.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          args.get(i).render(sb);
        }
        sb.append(')');
        return;
      case REDUCE:
        sb.append(text).append('(');
        args.get(0).render(sb);
        if (ints != null) {
          sb.append(", axis=").append(ints.length == 1 ? String.valueOf(ints[0]) : tuple(ints));
        }
        sb.append(')');
        return;
      case TENSORDOT:
        sb.append("tensordot(");
        args.get(0).render(sb);
        sb.append(", ");
        args.get(1).render(sb);
        if (pair != null) {
          sb.append(", axes=(").append(list(pair[0])).append(", ").append(list(pair[1])).append("))");
        } else {
          sb.append(", axes=").append(ints[0]).append(')');
        }
        return;
      case DOT_T:
        args.get(0).render(sb);
        sb.append(".T");
        return;
      case TRANSPOSE:
        sb.append("transpose(");
        args.get(0).render(sb);
        if (ints != null) {
          sb.append(", ").append(tuple(ints));
        }
        sb.append(')');
        return;
      case RESHAPE:
        sb.append("reshape(");
        args.get(0).render(sb);
        sb.append(", ").append(tuple(ints)).append(')');
        return;
      case INDEX:
        args.get(0).render(sb);
        sb.append('[');
        for (int i = 0; i < pair.length; i++) {
          if (i > 0) {
            sb.append(", ");
          }
          int[] it = pair[i];
          if (it[0] == 0) {
            sb.append(it[1]);
          } else if (it[0] == 3) {
            args.get(1).render(sb);
          } else if (it[0] == 2) {
            if (it[1] != NONE) {
              sb.append(it[1]);
            }
            sb.append(':');
            if (it[2] != NONE) {
              sb.append(it[2]);
            }
            sb.append(':').append(it[3]);
          } else {
            if (it[1] != NONE) {
              sb.append(it[1]);
            }
            sb.append(':');
            if (it[2] != NONE) {
              sb.append(it[2]);
            }
          }
        }
        sb.append(']');
        return;
      case CONCAT:
      case STACK:
      case VSTACK:
      case HSTACK:
        sb.append(kind == Kind.CONCAT ? "concatenate" : kind.name().toLowerCase()).append("([");
        for (int i = 0; i < args.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          args.get(i).render(sb);
        }
        sb.append(']');
        if (kind == Kind.CONCAT && ints != null) {
          sb.append(", axis=").append(ints[0]);
        }
        sb.append(')');
        return;
      case FUNC:
        renderFunc(sb);
        return;
      case LOOP:
        Loops.render(this, sb);
        return;
      case INTS: {
        boolean list = text.equals("list");
        sb.append(list ? "[" : "array([");
        for (int i = 0; i < ints.length; i++) {
          sb.append(i > 0 ? ", " : "").append(ints[i]);
        }
        sb.append(list ? "]" : "])");
        return;
      }
      default:
        throw new IllegalStateException(kind.toString());
    }
  }

  private static String axisText(int[] axes) {
    return axes.length == 1 ? String.valueOf(axes[0]) : tuple(axes);
  }

  private void renderFunc(StringBuilder sb) {
    sb.append(text).append('(');
    for (int i = 0; i < args.size(); i++) {
      if (text.equals("clip") && i > 0 && ints[0] != 0) {
        sb.append(", ").append(ints[0] == 1 ? "hi=" : "lo=");
        args.get(i).render(sb);
        continue;
      }
      sb.append(i > 0 ? ", " : "");
      args.get(i).render(sb);
    }
    switch (text) {
      case "flip":
      case "logsumexp":
      case "norm":
        if (ints != null) {
          sb.append(", axis=").append(axisText(ints));
        }
        break;
      case "cumsum":
      case "cumprod":
        if (ints[0] != NONE) {
          sb.append(", axis=").append(ints[0]);
        }
        if (ints[1] == 1) {
          sb.append(", reverse=True");
        }
        break;
      case "sort":
      case "argsort":
      case "softmax":
      case "log_softmax":
        if (ints[0] == NONE) {
          sb.append(", axis=None");
        } else if (ints[0] != DEFAULT) {
          sb.append(", axis=").append(ints[0]);
        }
        break;
      case "take":
      case "argmax":
      case "argmin":
        if (ints[0] != NONE) {
          sb.append(text.equals("take") ? ", axis=" : ", axis=").append(ints[0]);
        }
        break;
      case "take_along_axis":
        sb.append(", ").append(ints[0]);
        break;
      case "triangular_solve":
      case "linalg.triangular_solve": {
        // ints: left_side, lower, transpose_a, conjugate_a, unit_diagonal (1 true, 0 false,
        // DEFAULT left out).
        String[] keys = {"left_side", "lower", "transpose_a", "conjugate_a", "unit_diagonal"};
        for (int k = 0; k < keys.length; k++) {
          if (ints[k] != DEFAULT) {
            sb.append(", ").append(keys[k]).append('=').append(ints[k] == 1 ? "True" : "False");
          }
        }
        break;
      }
      case "slogdet":
      case "linalg.slogdet":
      case "eigh":
      case "linalg.eigh":
        // ints[0]: which of (sign, logabsdet), or of (eigenvalues, eigenvectors).
        sb.append(")[").append(ints[0]).append(']');
        return;
      case "var":
      case "std":
        if (ints[0] != NONE) {
          sb.append(", axis=").append(ints[0]);
        }
        if (ints[1] != 0) {
          sb.append(", ddof=").append(ints[1]);
        }
        break;
      default:
        break;
    }
    sb.append(')');
  }

  private void literal(StringBuilder sb, int axis, int offset) {
    if (shape.length == 0) {
      sb.append(Lits.text(Lits.element(ints[0], 0)));
      return;
    }
    int stride = 1;
    for (int a = axis + 1; a < shape.length; a++) {
      stride *= shape[a];
    }
    sb.append('[');
    for (int i = 0; i < shape[axis]; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      if (axis == shape.length - 1) {
        sb.append(Lits.text(Lits.element(ints[0], offset + i)));
      } else {
        literal(sb, axis + 1, offset + i * stride);
      }
    }
    sb.append(']');
  }

  /** {@code ()}, {@code (3,)}, {@code (2, 3)}. */
  static String tuple(int[] d) {
    if (d.length == 1) {
      return "(" + d[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < d.length; i++) {
      sb.append(i > 0 ? ", " : "").append(d[i]);
    }
    return sb.append(')').toString();
  }

  static String list(int[] d) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < d.length; i++) {
      sb.append(i > 0 ? ", " : "").append(d[i]);
    }
    return sb.append(']').toString();
  }

  /** Every subexpression, this one first (pre-order). */
  List<Ex> subexpressions() {
    List<Ex> out = new ArrayList<>();
    collect(out);
    return out;
  }

  private void collect(List<Ex> out) {
    out.add(this);
    for (Ex a : args) {
      a.collect(out);
    }
  }

  @Override
  public String toString() {
    return render();
  }
}
