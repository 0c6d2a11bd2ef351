package org.cotangent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.control.CustomJvp;
import org.cotangent.symbolic.control.CustomVjp;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * Functions with custom derivative rules (JAX's {@code custom_jvp} and {@code custom_vjp}): the
 * rule is used under differentiation, the function itself otherwise. {@link Cotangent#customJvp}
 * and {@link Cotangent#customVjp} make them.
 *
 * <pre>{@code
 * // log(1 + e^x), whose derivative stays finite where e^x overflows:
 * Fn log1pexp = Cotangent.customJvp(Fn.of(x -> Ops.log1p(Ops.exp(x))),
 *     (x, t) -> List.of(Ops.log1p(Ops.exp(x.get(0))), t.get(0).mul(Ops.sigmoid(x.get(0)))));
 * }</pre>
 */
public final class CustomRules {
  private CustomRules() {}

  /**
   * A JVP rule: from the primals and their tangents, the function's outputs and then their
   * tangents (linear in the tangents).
   */
  @FunctionalInterface
  public interface JvpRule {
    /** The outputs, then their tangents: twice as many values as the function has outputs. */
    List<Sym> apply(List<Sym> primals, List<Sym> tangents);
  }

  /** The forward half of a VJP rule: the function's outputs, then the residuals it saves. */
  @FunctionalInterface
  public interface Fwd {
    /** The outputs, then any number of residuals. */
    List<Sym> apply(List<Sym> primals);
  }

  /** The backward half of a VJP rule: one cotangent per input of the function. */
  @FunctionalInterface
  public interface Bwd {
    /** The cotangents of the inputs, from the residuals and the outputs' cotangents. */
    List<Sym> apply(List<Sym> residuals, List<Sym> cotangents);
  }

  static Fn customJvp(Fn f, JvpRule rule) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(rule, "rule");
    return Fn.of(f.name(), f.argNames(), args -> {
      List<TensorType> types = Control.types(args);
      Graph primal = f.trace(types);
      int n = types.size();
      List<TensorType> both = new ArrayList<>(types);
      for (TensorType t : types) {
        both.add(Ad.tangentType(t));
      }
      Graph r = closed("customJvp", "the rule", both, ps -> {
        List<Sym> outs = rule.apply(Control.syms(ps.subList(0, n)),
            Control.syms(ps.subList(n, 2 * n)));
        return Control.nodes(outs, "the rule's result");
      });
      return call(() -> CustomJvp.call(primal, r, args));
    });
  }

  static Fn customVjp(Fn f, Fwd fwd, Bwd bwd) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(fwd, "fwd");
    Objects.requireNonNull(bwd, "bwd");
    return Fn.of(f.name(), f.argNames(), args -> {
      List<TensorType> types = Control.types(args);
      Graph primal = f.trace(types);
      int m = primal.outputs().size();
      Graph fg = closed("customVjp", "fwd", types,
          ps -> Control.nodes(fwd.apply(Control.syms(ps)), "fwd's result"));
      if (fg.outputs().size() < m) {
        throw new IllegalArgumentException("customVjp: fwd must return the function's " + m
            + " output" + (m == 1 ? "" : "s") + " and then the residuals; it returned "
            + fg.outputs().size() + " values");
      }
      int r = fg.outputs().size() - m;
      List<TensorType> bin = new ArrayList<>(Control.types(fg.outputs().subList(m, m + r)));
      for (Node o : primal.outputs()) {
        bin.add(Ad.tangentType(o.type()));
      }
      Graph bg = closed("customVjp", "bwd", bin, ps -> Control.nodes(
          bwd.apply(Control.syms(ps.subList(0, r)), Control.syms(ps.subList(r, ps.size()))),
          "bwd's result"));
      return call(() -> CustomVjp.call(primal, fg, bg, args));
    });
  }

  /** {@code body} traced on its own parameters; it may not read values traced outside it. */
  private static Graph closed(String fn, String what, List<TensorType> types,
      java.util.function.Function<List<Node>, List<Node>> body) {
    Control.Closed c = Control.close(types, body);
    if (!c.free().isEmpty()) {
      throw new IllegalArgumentException(fn + ": " + what + " reads a value traced outside it ("
          + c.free().get(0).type() + "); pass it as an argument of the function instead");
    }
    return c.graph();
  }

  private static List<Node> call(java.util.function.Supplier<List<Node>> f) {
    try {
      return f.get();
    } catch (IrException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
