package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * Code generation and symbolic sizes (issue 14 item 1): shells other than the SizedProgram and the
 * member reject symbolic graphs, naming the first symbolic dim; a symbolic graph specialised to
 * concrete sizes compiles and agrees with the interpreter on the symbolic graph (the symbolic
 * programs themselves: {@link SymbolicCodegenTest}).
 */
class SymbolicSizesCodegenTest {
  static Graph sumOfSquaresGrad() {
    TensorType t = TensorType.of(DType.F64, Shape.of(Dim.var("n")));
    return Ad.grad(Graph.trace(List.of("w"), List.of(t),
        ps -> List.of(Ir.reduceSum(Ir.mul(Ir.sin(ps.get(0)), ps.get(0)), 0))));
  }

  @Test
  void theStaticMethodShellRejectsSymbolicGraphsByName() {
    IrException e = assertThrows(IrException.class, () -> JavaEmitter.emit(sumOfSquaresGrad(),
        "p", "C", ClassShell.staticMethod("f")));
    assertEquals("code generation for symbolic sizes is not implemented for this shell (only the"
        + " SizedProgram and the member shell): f64[n] has the symbolic dimension 'n' (specialize"
        + " the graph to concrete sizes first)", e.getMessage());
  }

  @Test
  void aSpecialisedGraphCompilesAndAgreesWithTheSymbolicInterpreter() {
    Graph g = sumOfSquaresGrad();
    for (long n : new long[] {1, 4, 7}) {
      double[] w = new double[(int) n];
      for (int i = 0; i < n; i++) {
        w[i] = 0.3 * i - 0.7;
      }
      Tensor x = Tensor.wrap(TensorType.f64((int) n), w);
      Compiled c = Compiled.of(g.specialize(Map.of("n", n)));
      double[] want = Interpreter.eval(g, List.of(x)).get(0).unsafeData();
      double[] got = c.call(List.of(x)).get(0).unsafeData();
      for (int i = 0; i < n; i++) {
        assertEquals(want[i], got[i], 1e-15 * (1 + Math.abs(want[i])), "n=" + n + " [" + i + "]");
        assertEquals(Math.sin(w[i]) + w[i] * Math.cos(w[i]), got[i], 1e-12, "n=" + n);
      }
    }
  }
}
