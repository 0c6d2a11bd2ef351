package org.cotangent.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * Which columns of a row are which arguments of a function: argument 0 is the parameters (the
 * same for every row, broadcast), arguments 1, 2, ... come from the named columns, in order. A
 * scalar {@code f64} argument reads a {@code double} column (or another numeric one), an {@code
 * f64[n]} argument an {@code array<double>} column of length {@code n}. Checked against the
 * schema on the driver ({@link #check}); a null or a wrong length in a row fails its task with the
 * partition and the row.
 */
public final class RowBinding implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> columns;
  private int[] fields;
  private TensorType[] types;

  private RowBinding(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  /** Arguments 1, 2, ... of the function from these columns. */
  public static RowBinding columns(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("name at least one column");
    }
    return new RowBinding(Arrays.asList(names));
  }

  public List<String> columnNames() {
    return columns;
  }

  /**
   * This binding for {@code schema} and a function of {@code signature} (the parameters first):
   * every column exists and has a type the argument can take, else an {@link IrException} that
   * names the column, its type and what the argument needs.
   */
  RowBinding check(StructType schema, List<TensorType> signature) {
    if (signature.size() != columns.size() + 1) {
      throw new IrException("the function takes " + signature.size() + " arguments (the parameters,"
          + " then one per column), but the binding names " + columns.size() + " column"
          + (columns.size() == 1 ? "" : "s") + " " + columns);
    }
    RowBinding b = new RowBinding(columns);
    b.fields = new int[columns.size()];
    b.types = new TensorType[columns.size()];
    List<String> names = Arrays.asList(schema.fieldNames());
    for (int k = 0; k < columns.size(); k++) {
      String c = columns.get(k);
      int at = names.indexOf(c);
      TensorType t = signature.get(k + 1);
      if (at < 0) {
        throw new IrException("no column '" + c + "' for argument " + (k + 1) + " (" + t
            + "); the columns are " + names);
      }
      StructField f = schema.fields()[at];
      if (!accepts(f.dataType(), t)) {
        throw new IrException("column '" + c + "' is " + f.dataType().simpleString() + "; argument "
            + (k + 1) + " needs " + t + " (" + (t.rank() == 0 ? "a double column" : "an"
            + " array<double> column of length " + t.size()) + ")");
      }
      b.fields[k] = at;
      b.types[k] = t;
    }
    return b;
  }

  private static boolean accepts(DataType d, TensorType t) {
    if (t.dtype() != DType.F64 || t.rank() > 1) {
      return false;
    }
    if (t.rank() == 0) {
      return d == DataTypes.DoubleType || d == DataTypes.FloatType || d == DataTypes.LongType
          || d == DataTypes.IntegerType || d == DataTypes.ShortType;
    }
    return d instanceof ArrayType && ((ArrayType) d).elementType() == DataTypes.DoubleType;
  }

  /** The arguments for one row: {@code params}, then the bound columns as tensors. */
  Object[] arguments(Tensor params, Row row, int partition, long index) {
    Object[] args = new Object[fields.length + 1];
    args[0] = params;
    for (int k = 0; k < fields.length; k++) {
      int f = fields[k];
      if (row.isNullAt(f)) {
        throw rowError(partition, index, "column '" + columns.get(k) + "' is null");
      }
      TensorType t = types[k];
      if (t.rank() == 0) {
        args[k + 1] = ((Number) row.get(f)).doubleValue();
      } else {
        List<Object> xs = row.getList(f);
        if (xs.size() != t.size()) {
          throw rowError(partition, index, "column '" + columns.get(k) + "' has " + xs.size()
              + " elements; argument " + (k + 1) + " needs " + t);
        }
        double[] d = new double[xs.size()];
        for (int i = 0; i < d.length; i++) {
          Object v = xs.get(i);
          if (v == null) {
            throw rowError(partition, index, "column '" + columns.get(k) + "' has a null at "
                + i);
          }
          d[i] = (Double) v;
        }
        args[k + 1] = d;
      }
    }
    return args;
  }

  private static IrException rowError(int partition, long index, String what) {
    return new IrException("partition " + partition + ", row " + index + ": " + what);
  }
}
