package org.cotangent.codegen;

import java.util.List;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * The Java source of one compiled graph and what it takes to run it. In the {@link
 * ClassShell#program()} shell the generated class implements {@link Program} and has one public
 * constructor taking the non-uniform constants of the graph as {@code double[][]}, in the order
 * of {@link #constants()}; in the {@link ClassShell#staticMethod} shell the constants are the
 * method's parameters after the inputs, in the same order. Constants are passed in, never
 * spliced into the source.
 */
public final class GeneratedSource {
  private final String packageName;
  private final String simpleName;
  private final String source;
  private final List<Tensor> constants;
  private final List<TensorType> inputTypes;
  private final List<TensorType> outputTypes;
  private final List<String> constantNames;

  public GeneratedSource(String packageName, String simpleName, String source, List<Tensor> constants,
      List<TensorType> inputTypes, List<TensorType> outputTypes) {
    this(packageName, simpleName, source, constants, inputTypes, outputTypes, null);
  }

  /** {@code constantNames}: the names the source gives the constants (null: {@code c0, c1, ...}). */
  public GeneratedSource(String packageName, String simpleName, String source, List<Tensor> constants,
      List<TensorType> inputTypes, List<TensorType> outputTypes, List<String> constantNames) {
    this.packageName = packageName;
    this.simpleName = simpleName;
    this.source = source;
    this.constants = List.copyOf(constants);
    List<String> cn = new java.util.ArrayList<>();
    for (int k = 0; k < constants.size(); k++) {
      cn.add(constantNames != null ? constantNames.get(k) : "c" + k);
    }
    this.constantNames = List.copyOf(cn);
    this.inputTypes = List.copyOf(inputTypes);
    this.outputTypes = List.copyOf(outputTypes);
  }

  public String packageName() {
    return packageName;
  }

  public String simpleName() {
    return simpleName;
  }

  public String qualifiedName() {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }

  /** The complete compilation unit. */
  public String source() {
    return source;
  }

  /** The constructor's argument, as tensors (their flat data in this order). */
  public List<Tensor> constants() {
    return constants;
  }

  /** What the generated source calls each constant ({@code inputs}, {@code c1}), in order. */
  public List<String> constantNames() {
    return constantNames;
  }

  /** The constants as the {@code double[][]} the constructor takes. */
  public double[][] constantArrays() {
    double[][] a = new double[constants.size()][];
    for (int i = 0; i < a.length; i++) {
      a[i] = constants.get(i).unsafeData();
    }
    return a;
  }

  public List<TensorType> inputTypes() {
    return inputTypes;
  }

  public List<TensorType> outputTypes() {
    return outputTypes;
  }

  /** The source with line numbers, for error messages. */
  public String numberedSource() {
    StringBuilder sb = new StringBuilder();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      sb.append(String.format("%4d  %s%n", i + 1, lines[i]));
    }
    return sb.toString();
  }
}
