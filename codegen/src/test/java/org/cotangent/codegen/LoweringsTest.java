package org.cotangent.codegen;

import static org.cotangent.codegen.CompiledMatchesInterpreterTest.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.PrimitiveTable;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.control.Inline;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Op;
import org.junit.jupiter.api.Test;

/** The registry of lowerings: coverage, the error for a missing one, and replacing one. */
class LoweringsTest {
  /** A primitive that codegen has never heard of. */
  static final class Frobnicate extends Op {
    Frobnicate() {
      super("frobnicate");
    }

    @Override
    public TensorType inferType(List<TensorType> inputs) {
      return inputs.get(0);
    }

    @Override
    public Tensor eval(List<Tensor> inputs) {
      return inputs.get(0);
    }

    @Override
    public Node jvp(Node out, List<Node> primals, Node[] tangents) {
      return tangents[0];
    }
  }

  @Test
  void everyPrimitiveOfTheTableHasALowering() {
    for (PrimitiveTable.Case c : PrimitiveTable.allCases(1)) {
      // Calls of sub-graphs are inlined before lowering.
      for (Graph g : List.of(Inline.calls(c.graph()), Inline.calls(Ad.vjp(c.graph())))) {
        for (Node n : g.topoOrder()) {
          if (!n.isConstant() && !g.params().contains(n)) {
            Lowerings.standard().of(n);
          }
        }
      }
    }
  }

  @Test
  void aMissingLoweringNamesThePrimitive() {
    Graph g = Graph.trace(List.of("x"), List.of(TensorType.f64(3)),
        ps -> List.of(Node.make(new Frobnicate(), ps.get(0))));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> JavaEmitter.emit(g));
    assertEquals("no code generation (lowering) for primitive 'frobnicate'", e.getMessage());
  }

  /** A lowering of frobnicate (a copy), written the way every structural lowering is. */
  static final class FrobnicateLowering implements Lowering {
    @Override
    public String hint(Node n) {
      return "frob";
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      String name = cx.newArray(n, false);
      String[] v = Loops.indices(cx.scope(), 0, n.rank());
      int opened = Loops.open(cx.writer(), v, n.type().shape().dims());
      Code at = Loops.offset(v, n.type().shape().strides(), 0);
      cx.store(name, at, "=", cx.source(n.input(0), at));
      Loops.close(cx.writer(), opened);
    }
  }

  @Test
  void aNewPrimitiveNeedsOnlyItsLoweringRegistered() {
    Graph g = Graph.trace(List.of("x"), List.of(TensorType.f64(2, 3)),
        ps -> List.of(Np.sum(Np.sin(Node.make(new Frobnicate(), Np.exp(ps.get(0)))))));
    Lowerings table = Lowerings.standard().with("frobnicate", new FrobnicateLowering());
    GeneratedSource src = JavaEmitter.emit(g, "p", "Frob", ClassShell.program(), table);
    assertTrue(src.source().contains("// frob1 = frobnicate exp0\n"), src.source());
    Tensor x = CheckGrads.randomLike(TensorType.f64(2, 3), new Random(2));
    assertEquals(org.cotangent.symbolic.Interpreter.eval(g, List.of(x)).get(0).unsafeData()[0],
        Compiled.of(src).call(List.of(x)).get(0).unsafeData()[0], 1e-12);
  }

  @Test
  void theRegistryRefusesTwoLoweringsForOnePrimitive() {
    assertThrows(IllegalStateException.class,
        () -> Lowerings.standard().with("x", ElementwiseLowering.DEFAULT).register("x",
            ElementwiseLowering.DEFAULT));
  }

  /** square through a temporary, as a complex lowering will compute (ac - bd, ad + bc). */
  static final class SquareWithTemporary implements Lowering {
    @Override
    public String hint(Node n) {
      return "sq";
    }

    @Override
    public boolean isElementwise(Node n) {
      return true;
    }

    @Override
    public ElementCode element(Node n, List<ElementCode> args, LoweringContext cx) {
      Code t = cx.temp("t", args.get(0).realOnly());
      return ElementCode.real(Code.of("$L * $L", t, t));
    }

    @Override
    public void emit(Node n, LoweringContext cx) {
      cx.declareScalar(n, element(n, List.of(cx.element(n.input(0), null)), cx));
    }
  }

  @Test
  void aLoweringCanDeclareTemporariesInLoopsAndInStraightLineCode() {
    Lowerings table = Lowerings.standard().with("square", new SquareWithTemporary());
    Graph g = Graph.trace(List.of("x", "s"), List.of(TensorType.f64(4), TensorType.f64()),
        ps -> List.of(Np.add(Np.sum(Np.square(Np.sin(ps.get(0)))),
            Np.add(Np.square(ps.get(1)), Np.square(Np.cos(ps.get(1)))))));
    GeneratedSource src = JavaEmitter.emit(g, "p", "Squares", ClassShell.program(), table);
    String text = src.source();
    // Outside loops a temporary is unique in the method; in a loop body, in the loop.
    assertTrue(text.contains("    final double t = cos0;\n    final double sq1 = t * t;\n"), text);
    assertTrue(text.contains("    final double t_2 = s;\n    final double sq2 = t_2 * t_2;\n"), text);
    assertTrue(text.contains("      // sq5 = square sin4\n      final double t_3 = sin4;\n"
        + "      final double sq5 = t_3 * t_3;\n"), text);
    Random rng = new Random(1);
    List<Tensor> x = List.of(CheckGrads.randomLike(TensorType.f64(4), rng), Tensor.scalar(0.7));
    List<Tensor> want = org.cotangent.symbolic.Interpreter.eval(g, x);
    List<Tensor> got = Compiled.of(src).call(x);
    assertEquals(want.get(0).unsafeData()[0], got.get(0).unsafeData()[0], 1e-12);
    assertSameValues(g, x);
  }

  @Test
  void aComplexElementIsRefusedWhereOneDoubleIsExpected() {
    ElementCode pair = ElementCode.pair(Code.of("a"), Code.of("b"));
    assertTrue(pair.isPair());
    assertEquals("((a), (b))", pair.map(c -> Code.of("($L)", c)).toString());
    assertThrows(IllegalStateException.class, pair::realOnly);
  }

  /** An elementwise primitive with no complex element is refused by name on complex values. */
  @Test
  void aPrimitiveWithoutAComplexElementIsRefusedByNameOnComplexValues() {
    Lowerings table = Lowerings.standard().with("sin", ElementwiseLowering.DEFAULT);
    Graph g = Graph.trace(List.of("z"), List.of(TensorType.of(DType.C128, 2)),
        ps -> List.of(Np.sin(ps.get(0))));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> JavaEmitter.emit(g, "p", "Sin", ClassShell.program(), table));
    assertEquals("no code generation for 'sin' on complex values (c128[2])", e.getMessage());
  }
}
