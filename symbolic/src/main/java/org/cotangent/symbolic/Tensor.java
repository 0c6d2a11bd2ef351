package org.cotangent.symbolic;

import java.util.Arrays;
import java.util.Random;

/**
 * A concrete tensor: a {@link TensorType} and its elements, flat and row-major.
 *
 * <p>Storage is one {@code double[]}: real types hold one double per element ({@code bool} as
 * 0/1, {@code i64} as exact integers), {@code c128} holds interleaved {@code (re, im)} pairs, so
 * element {@code k} is at {@code 2k} and {@code 2k+1}. Tensors are immutable: constructors copy
 * their input and {@link #data()} returns a copy; {@link #unsafeData()} exposes the array to the
 * interpreter and generated-code adapters, which must not write to it.
 *
 * <p>Serializable as its type's text ({@code f64[3,4]}) and its doubles, through a proxy, so a
 * stream cannot make a tensor whose data does not fit its type.
 */
public final class Tensor implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final TensorType type;
  private final double[] data;

  private Tensor(TensorType type, double[] data) {
    if (data.length != type.size() * type.dtype().width()) {
      throw new IllegalArgumentException(
          "tensor of type " + type + " needs " + type.size() * type.dtype().width()
              + " doubles, got " + data.length);
    }
    this.type = type;
    this.data = data;
  }

  /** Wraps {@code data} without copying; the caller gives up the array. */
  public static Tensor wrap(TensorType type, double[] data) {
    return new Tensor(type, data);
  }

  /** A tensor of type {@code type} holding a copy of {@code data} (row-major; complex as re, im pairs). */
  public static Tensor of(TensorType type, double[] data) {
    return new Tensor(type, data.clone());
  }

  /** The real scalar {@code v}. */
  public static Tensor scalar(double v) {
    return new Tensor(TensorType.f64(), new double[] {v});
  }

  /** The complex scalar {@code re + i im}. */
  public static Tensor complexScalar(double re, double im) {
    return new Tensor(TensorType.of(DType.C128), new double[] {re, im});
  }

  /** The real vector {@code v} (copied). */
  public static Tensor of(double... v) {
    return new Tensor(TensorType.f64(v.length), v.clone());
  }

  /** The real matrix with these rows (copied, row-major); all rows must have one length. */
  public static Tensor of(double[][] rows) {
    int n = rows.length;
    int m = n == 0 ? 0 : rows[0].length;
    double[] d = new double[n * m];
    for (int i = 0; i < n; i++) {
      if (rows[i].length != m) {
        throw new IllegalArgumentException("ragged matrix: row " + i + " has " + rows[i].length
            + " entries, row 0 has " + m);
      }
      System.arraycopy(rows[i], 0, d, i * m, m);
    }
    return new Tensor(TensorType.f64(n, m), d);
  }

  /** A tensor of the given type with every element {@code v} (real part {@code v} if complex). */
  public static Tensor full(TensorType type, double v) {
    double[] d = new double[type.size() * type.dtype().width()];
    if (type.dtype().isComplex()) {
      for (int i = 0; i < d.length; i += 2) {
        d[i] = v;
      }
    } else {
      Arrays.fill(d, v);
    }
    return new Tensor(type, d);
  }

  /** Standard normal entries from a seeded generator (reproducible). */
  public static Tensor normal(long seed, TensorType type) {
    Random r = new Random(seed);
    double[] d = new double[type.size() * type.dtype().width()];
    for (int i = 0; i < d.length; i++) {
      d[i] = r.nextGaussian();
    }
    return new Tensor(type, d);
  }

  /** The dtype and shape. */
  public TensorType type() {
    return type;
  }

  /** The shape. */
  public Shape shape() {
    return type.shape();
  }

  /** The element type. */
  public DType dtype() {
    return type.dtype();
  }

  /** The number of elements (a complex element counts once). */
  public int size() {
    return type.size();
  }

  /** The number of axes. */
  public int rank() {
    return type.rank();
  }

  /** A copy of the elements, row-major (complex as re, im pairs). */
  public double[] data() {
    return data.clone();
  }

  /** The backing array. Never write to it. */
  public double[] unsafeData() {
    return data;
  }

  /** Element {@code k} (flat index) of a real tensor. */
  public double get(int k) {
    if (type.dtype().isComplex()) {
      throw new IllegalStateException("get(k) on a complex tensor: use re(k)/im(k)");
    }
    return data[k];
  }

  /** The real part of element {@code k} (flat index); the element itself if real. */
  public double re(int k) {
    return type.dtype().isComplex() ? data[2 * k] : data[k];
  }

  /** The imaginary part of element {@code k} (flat index); 0 if real. */
  public double im(int k) {
    return type.dtype().isComplex() ? data[2 * k + 1] : 0.0;
  }

  /** The value of a one-element real tensor. */
  public double item() {
    if (type.size() != 1) {
      throw new IllegalStateException("item() of a tensor of type " + type);
    }
    return get(0);
  }

  /** Elements as a flat real array (copy). */
  public double[] toDoubleArray() {
    if (type.dtype().isComplex()) {
      throw new IllegalStateException("toDoubleArray() of a complex tensor");
    }
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor
        && ((Tensor) o).type.equals(type)
        && Arrays.equals(((Tensor) o).data, data);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + Arrays.hashCode(data);
  }

  /** NumPy-style text: {@code 1.5}, {@code [1. 2.]}, nested rows for matrices. */
  @Override
  public String toString() {
    String[] cells;
    if (type.dtype().isComplex()) {
      // NumPy's ComplexFloatingFormat: the real parts aligned as a column, the imaginary parts
      // (with their sign) as another, 'j' after the digits: [[-0.75+0.j   1.  +2.5j]].
      String[] re = new String[type.size()];
      String[] im = new String[type.size()];
      for (int k = 0; k < re.length; k++) {
        re[k] = formatReal(data[2 * k]);
        double v = data[2 * k + 1];
        im[k] = (v < 0 || (v == 0 && 1 / v < 0) ? "-" : "+") + formatReal(Math.abs(v));
      }
      align(re, true);
      align(im, true);
      cells = new String[re.length];
      for (int k = 0; k < cells.length; k++) {
        String i = im[k].stripTrailing();
        cells[k] = re[k] + i + "j" + im[k].substring(i.length());
      }
      if (type.rank() == 0) {
        return "(" + cells[0].strip() + ")";
      }
    } else {
      cells = new String[type.size()];
      for (int k = 0; k < cells.length; k++) {
        cells[k] = formatElement(k);
      }
      align(cells, type.dtype() == DType.F64);
    }
    StringBuilder sb = new StringBuilder();
    format(sb, 0, 0, cells);
    return sb.toString();
  }

  /** Pads the cells so that their decimal points (or, for non-floats, their ends) align. */
  private static void align(String[] cells, boolean floats) {
    int left = 0;
    int right = 0;
    for (String c : cells) {
      int dot = alignPoint(c, floats);
      left = Math.max(left, dot);
      right = Math.max(right, c.length() - dot);
    }
    for (int k = 0; k < cells.length; k++) {
      int dot = alignPoint(cells[k], floats);
      cells[k] = " ".repeat(left - dot) + cells[k] + " ".repeat(right - (cells[k].length() - dot));
    }
  }

  /** Where an element aligns: its decimal point for plain reals, else its end. */
  private static int alignPoint(String e, boolean floats) {
    if (!floats || e.contains("e") || e.contains("n")) {
      return e.length();
    }
    int dot = e.indexOf('.');
    return dot < 0 ? e.length() : dot;
  }

  /** Nested brackets, rows on their own lines, as NumPy prints. */
  private int format(StringBuilder sb, int axis, int offset, String[] cells) {
    Shape s = type.shape();
    if (axis == s.rank()) {
      sb.append(cells[offset]);
      return offset + 1;
    }
    sb.append('[');
    int k = offset;
    for (int i = 0; i < s.dim(axis); i++) {
      if (i > 0) {
        // NumPy separates blocks of rank r by r - 1 blank lines.
        sb.append(axis == s.rank() - 1 ? " " : "\n".repeat(s.rank() - axis - 1) + " ".repeat(axis + 1));
      }
      k = format(sb, axis + 1, k, cells);
    }
    sb.append(']');
    return k;
  }

  private String formatElement(int k) {
    switch (type.dtype()) {
      case BOOL:
        return data[k] != 0 ? "True" : "False";
      case I64:
        return Long.toString((long) data[k]);
      default:
        return formatReal(data[k]);
    }
  }

  /**
   * The JSON form the script language's {@code --json} prints: {@code {"shape": [2], "dtype":
   * "f64", "data": [0.5, 1.0]}}, complex elements as {@code [re, im]} pairs, booleans as {@code
   * true}/{@code false}, non-finite numbers as the strings {@code "nan"}, {@code "inf"}, {@code
   * "-inf"}.
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\"shape\": [");
    int[] dims = type.shape().dims();
    for (int i = 0; i < dims.length; i++) {
      sb.append(i > 0 ? ", " : "").append(dims[i]);
    }
    sb.append("], \"dtype\": \"").append(type.dtype()).append("\", \"data\": [");
    for (int k = 0; k < size(); k++) {
      sb.append(k > 0 ? ", " : "");
      switch (type.dtype()) {
        case C128 -> sb.append('[').append(jsonNumber(re(k))).append(", ")
            .append(jsonNumber(im(k))).append(']');
        case BOOL -> sb.append(re(k) != 0);
        case I64 -> sb.append((long) re(k));
        default -> sb.append(jsonNumber(re(k)));
      }
    }
    return sb.append("]}").toString();
  }

  /** A number in JSON: non-finite values as strings. */
  public static String jsonNumber(double d) {
    if (Double.isNaN(d)) {
      return "\"nan\"";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "\"inf\"" : "\"-inf\"";
    }
    return Double.toString(d);
  }

  /**
   * Python's repr of a float, as a scalar prints in Python and the script language: {@code 1.0},
   * {@code 0.0001}, {@code 1e-05}, {@code 1.5e+16}.
   */
  public static String formatPython(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0.0" : "0.0";
    }
    java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e16) {
      String s = d.toPlainString();
      return s.contains(".") ? s : s + ".0";
    }
    String unscaled = d.unscaledValue().abs().toString();
    int exp = unscaled.length() - 1 - d.scale();
    String mant = unscaled.length() == 1 ? unscaled
        : unscaled.charAt(0) + "." + unscaled.substring(1);
    return (v < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+")
        + String.format("%02d", Math.abs(exp));
  }

  /** A double as NumPy prints it: {@code 1.}, {@code 0.5}, {@code 1e-08}. */
  public static String formatReal(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e16) {
      return (v < 0 || (v == 0 && 1 / v < 0) ? "-" : "") + Long.toString(Math.abs((long) v)) + ".";
    }
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e16) {
      String s = String.format("%.8f", v);
      s = s.replaceAll("0+$", "");
      return s.endsWith(".") ? s : s;
    }
    String s = String.format("%.8e", v);
    String[] parts = s.split("e");
    String mant = parts[0].replaceAll("0+$", "");
    if (mant.endsWith(".")) {
      mant = mant.substring(0, mant.length() - 1);
    }
    int exp = Integer.parseInt(parts[1]);
    return mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
  }

  private Object writeReplace() {
    return new Form(type.toString(), data);
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("a Tensor is read through its serial form");
  }

  /** The serial form: the type as text and the data. */
  private static final class Form implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String type;
    private final double[] data;

    Form(String type, double[] data) {
      this.type = type;
      this.data = data;
    }

    private Object readResolve() throws java.io.InvalidObjectException {
      try {
        return Tensor.of(TensorType.parse(type), data);
      } catch (IllegalArgumentException e) {
        throw new java.io.InvalidObjectException("not a tensor: " + e.getMessage());
      }
    }
  }
}
