package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;
import org.junit.jupiter.api.Test;

/** Source names reach generated code: primals as named, tangents _dot, cotangents _bar. */
class NamingTest {
  static Graph named() {
    TensorType t = TensorType.f64(3);
    Node w = Param.node(0, t);
    Node preds = Np.tanh(w);
    Node loss = Np.sum(Np.square(preds));
    Map<Node, String> names = new IdentityHashMap<>();
    names.put(preds, "preds");
    return new Graph(List.of("w"), List.of(t), List.of(loss), List.of("loss"), names);
  }

  @Test
  void gradNamesCotangentsAfterTheirPrimals() {
    String src = JavaEmitter.emit(Ad.grad(named())).source();
    assertTrue(src.contains("preds"), src);
    assertTrue(src.contains("preds_bar"), src);
    assertTrue(src.contains("final double[] w_bar = out[0];"), src);
  }

  @Test
  void jvpNamesTangents() {
    String src = JavaEmitter.emit(Ad.jvp(named())).source();
    assertTrue(src.contains("preds_dot"), src);
    assertTrue(src.contains("loss_dot"), src);
    assertTrue(src.contains("final double[] w_dot = in[1];"), src);
  }

  @Test
  void userNamesAreSanitisedAndNeverClash() {
    TensorType t = TensorType.f64();
    Graph g = new Graph(List.of("in", "x y", "class"), List.of(t, t, t),
        List.of(Np.add(Np.add(Param.node(0, t), Param.node(1, t)), Param.node(2, t))));
    String src = JavaEmitter.emit(g).source();
    assertTrue(src.contains("final double in_2 = in[0][0];"), src);
    assertTrue(src.contains("final double x_y = in[1][0];"), src);
    assertTrue(src.contains("final double class_2 = in[2][0];"), src);
    Compiled.of(g);
  }
}
