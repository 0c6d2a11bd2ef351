package org.cotangent.symbolic;

import java.util.List;
import org.cotangent.symbolic.PrimitiveTable.Case;
import org.cotangent.symbolic.control.CustomJvp;
import org.cotangent.symbolic.control.CustomVjp;
import org.cotangent.symbolic.ir.Graph;

/**
 * The rows of the custom-rule primitives (part of {@link PrimitiveTable#cases}), with rules that
 * are the true derivatives, so every check of the table applies: custom_jvp (a stable log1pexp),
 * custom_vjp (x sin y with a hand VJP saving residuals), and its tangent op on its own.
 */
final class CustomTable {
  private CustomTable() {}

  static final TensorType V3 = TensorType.f64(3);

  /** {@code (x, s, c | g) -> (g s, g x c)}: the VJP of {@code x sin y} from residuals. */
  static Graph bwd() {
    return Graph.trace(List.of("x", "s", "c", "g"), List.of(V3, V3, V3, V3), ps -> List.of(
        Ir.mul(ps.get(3), ps.get(1)), Ir.mul(Ir.mul(ps.get(3), ps.get(0)), ps.get(2))));
  }

  static void add(List<Case> cs) {
    Graph f = Graph.trace(List.of("x"), List.of(V3), ps -> List.of(Ir.log1p(Ir.exp(ps.get(0)))));
    Graph rule = Graph.trace(List.of("x", "t"), List.of(V3, V3), ps -> List.of(
        Ir.log1p(Ir.exp(ps.get(0))), Ir.mul(ps.get(1), Ir.logistic(ps.get(0)))));
    cs.add(new Case("custom_jvp log1pexp", "custom_jvp", List.of(V3),
        List.of(PrimitiveTable.normal(V3)),
        ps -> Ir.mul(CustomJvp.call(f, rule, ps).get(0), ps.get(0))));
    Graph g = Graph.trace(List.of("x", "y"), List.of(V3, V3), ps -> List.of(
        Ir.mul(ps.get(0), Ir.sin(ps.get(1)))));
    Graph fwd = Graph.trace(List.of("x", "y"), List.of(V3, V3), ps -> List.of(
        Ir.mul(ps.get(0), Ir.sin(ps.get(1))), ps.get(0), Ir.sin(ps.get(1)), Ir.cos(ps.get(1))));
    Graph b = bwd();
    cs.add(new Case("custom_vjp x sin y", "custom_vjp", List.of(V3, V3),
        List.of(PrimitiveTable.normal(V3), PrimitiveTable.normal(V3)),
        ps -> Ir.tanh(CustomVjp.call(g, fwd, b, ps).get(0))));
    cs.add(new Case("custom_vjp_tangent of x sin y", "custom_vjp_tangent",
        List.of(V3, V3, V3, V3, V3), List.of(PrimitiveTable.normal(V3), PrimitiveTable.normal(V3),
            PrimitiveTable.normal(V3), PrimitiveTable.normal(V3), PrimitiveTable.normal(V3)),
        ps -> Ir.sin(org.cotangent.symbolic.ir.Node.make(new CustomVjp.Tangent(b, 3, 0),
            ps.toArray(new org.cotangent.symbolic.ir.Node[0])))));
  }
}
