package org.cotangent.codegen;

import org.cotangent.symbolic.ir.Node;

/**
 * What a lowering writes through: the writer of the current statement, a name scope for its
 * helpers, how to read its inputs and how to declare its value. Reads are recorded, so that method
 * splitting knows which values a statement needs; declarations know the class shell (an output
 * may be written in place into the caller's array).
 */
interface LoweringContext extends Lowering.ElementReader {
  /** The writer of the statement being lowered. */
  JavaWriter writer();

  /**
   * The names of this statement: loop indices, helper locals ({@code lhs}, {@code acc}) and
   * temporaries are allocated here, so they never clash with values and stay local.
   */
  NameAllocator scope();

  /** The Java name of a value that has one (the node being lowered always has). */
  String name(Node n);

  /** True if {@code x} is held in an array (else it is a scalar local, a literal or a view). */
  boolean isArray(Node x);

  /** The array holding {@code x}, which must be an array. */
  Code array(Node x);

  /**
   * Element {@code offset} of {@code x} for a structural copy: an array read, a view read
   * through, or a scalar or literal as it is; a pair for a complex {@code x}.
   */
  ElementCode source(Node x, Code offset);

  /**
   * Writes {@code array[offset] <operator> value;} ({@code =} or {@code +=}); for a pair, one
   * statement per part into the interleaved array ({@code array[2 * (offset)]}, {@code
   * array[2 * (offset) + 1]}).
   */
  void store(String array, Code offset, String operator, ElementCode value);

  /**
   * Declares {@code final double <hint> = value;} before the statement being built and returns
   * its name: unique in the method when written outside any loop, else in the enclosing scope.
   */
  Code temp(String hint, Code value);

  /**
   * The method's scratch array of two doubles ({@code pair}) into which the complex {@code Rt}
   * helpers write their result; declared at the top of every method whose code uses it.
   */
  Code scratch();

  /**
   * Declares the array of {@code n} and returns its name: the caller's output array when {@code
   * n} is an output, else a new one ({@code 2 * size} doubles for a complex value). {@code
   * zeroed}: the lowering adds into it, so every element must start at 0 (new arrays do; output
   * arrays are cleared).
   */
  String newArray(Node n, boolean zeroed);

  /** {@code n}'s array is {@code array} (a reshape of an array shares it). */
  void aliasArray(Node n, Code array);

  /**
   * Declares the scalar {@code n} as {@code final double n = value;} (a complex one as {@code
   * n_re} and {@code n_im}).
   */
  void declareScalar(Node n, ElementCode value);

  /**
   * Declares the scalar {@code n} as {@code double n = init;} (a complex one as two locals),
   * updated by the statements after it, and returns it as an element.
   */
  ElementCode declareAccumulator(Node n, ElementCode init);
}
