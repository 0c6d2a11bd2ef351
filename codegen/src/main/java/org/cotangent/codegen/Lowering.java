package org.cotangent.codegen;

import java.util.List;
import org.cotangent.symbolic.ir.Node;

/**
 * How one primitive becomes Java (JAX's {@code mlir.register_lowering}): registered by primitive
 * name in {@link Lowerings}, so the emitter itself knows no primitive. A lowering may read its
 * op's static parameters by casting {@code n.op()} to the op class.
 *
 * <p>Every lowering can {@link #emit} a node as statements of its own (a loop nest, a copy, a
 * scalar expression). The other methods are capabilities that the schedule asks about, with
 * defaults meaning "not this primitive": elementwise (fused into loops, {@link #element}), view
 * (read in place by fused loops, {@link #viewElement}), accumulation (a full reduction folded
 * into the loop of its operand, {@link #accumulation}), and the two parts of a scattered sum of
 * pads ({@link #scatterOffset}, {@link #isSum}).
 */
interface Lowering {
  /** How values of this primitive are named when the graph names them not: {@code dot}, {@code sum}. */
  default String hint(Node n) {
    return n.op().name();
  }

  /**
   * Writes {@code n} as statements through {@code cx}: the emitter has named it and written its
   * IR comment; the lowering declares its value ({@link LoweringContext#newArray}, {@link
   * LoweringContext#declareScalar}, ...) and computes it.
   */
  void emit(Node n, LoweringContext cx);

  /** True if each output element of {@code n} depends only on the same element of its inputs. */
  default boolean isElementwise(Node n) {
    return false;
  }

  /**
   * For an elementwise primitive, the code of one output element from the code of the input
   * elements (names, literals or array reads). It may declare temporaries through {@code cx}
   * ({@link LoweringContext#temp}), written before the statement that uses the result.
   */
  default ElementCode element(Node n, List<ElementCode> args, LoweringContext cx) {
    throw new UnsupportedOperationException("'" + n.op().name() + "' is not elementwise");
  }

  /**
   * True if {@code n} can be a view of its operand (no array of its own, read in place through
   * {@link #viewElement}) as far as its own shapes go; the schedule checks its consumers.
   */
  default boolean canBeView(Node n) {
    return false;
  }

  /** Element {@code index} (a flat index into {@code v}) of the view {@code v}, read from its operand. */
  default ElementCode viewElement(Node v, Code index, ElementReader operand) {
    throw new UnsupportedOperationException("'" + v.op().name() + "' is not a view");
  }

  /** How the view {@code v} reads in comments, given its operand's text: {@code x[1:100]}. */
  default Code viewText(Node v, Code operand) {
    return Code.of("$L($L)", v.op().name(), operand);
  }

  /**
   * For a full reduction that can accumulate inside the fused loop computing its operand, how
   * (its start value and its update); null otherwise.
   */
  default Accumulation accumulation(Node n) {
    return null;
  }

  /**
   * For a pad of a vector, the offset at which it places its operand (a leaf of a scattered sum
   * of pads); -1 otherwise.
   */
  default int scatterOffset(Node n) {
    return -1;
  }

  /** True if {@code n} is the sum of its two inputs (an inner node of a scattered sum of pads). */
  default boolean isSum(Node n) {
    return false;
  }

  /** Reads elements of values: what a view lowering reads its operand through. */
  interface ElementReader {
    /** Element {@code index} of {@code x} ({@code index} null for a scalar), recording the read. */
    ElementCode element(Node x, Code index);
  }

  /** A reduction's start value and update, {@code acc = combine(acc, x)}. */
  abstract class Accumulation {
    private final double init;

    Accumulation(double init) {
      this.init = init;
    }

    /** The value before any element is combined: 0, 1 or negative infinity. */
    double initValue() {
      return init;
    }

    /** The start as an element: {@code 0.0}, {@code Double.NEGATIVE_INFINITY}; {@code (1.0, 0.0)}. */
    ElementCode init(boolean complex) {
      return ElementCode.of(Code.literal(init), complex ? Code.literal(0.0) : null);
    }

    /**
     * Writes the statements that combine {@code x} into {@code acc} (a local or an array element,
     * both pairs for a complex reduction), in the interpreter's order of operations. {@code scope}
     * names any temporary.
     */
    abstract void combine(JavaWriter w, ElementCode acc, ElementCode x, NameAllocator scope);
  }
}
