package org.cotangent.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cotangent.Exported;
import org.cotangent.Fn;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;

/**
 * Cotangent inside a Spark job. The driver differentiates and specialises a function once
 * ({@link #prepare}, which also compiles it, so a mistake fails before any task runs); what
 * travels to the executors is the {@link Exported} form (its canonical IR), which each executor
 * JVM compiles once, through the JVM-wide compile cache, however many tasks and rows it runs.
 *
 * <ul>
 *   <li>{@link #sum}: the full-batch value and gradient of a per-row loss {@code loss(w, x...)}
 *       (MLlib's {@code RDDLossFunction} shape: the parameters broadcast, one partial sum per
 *       partition, added in a tree, the broadcast destroyed);
 *   <li>{@link #perRow}: the function's outputs for every row, as new columns; {@link #column}
 *       one output as a column expression (a UDF);
 *   <li>{@link #objective}: an objective whose every evaluation runs on the cluster, for Commons
 *       Math's optimisers.
 * </ul>
 */
public final class CotangentSpark {
  private CotangentSpark() {}

  /** {@code f} for arguments of these types, exported and compiled here (fail fast). */
  public static Exported prepare(Fn f, TensorType... signature) {
    Exported e = Exported.of(f, signature);
    e.asFn().compile(e.signature());
    return e;
  }

  /**
   * The sums over the rows of {@code valueAndGrad(w, row...)}, a function whose outputs are a
   * real scalar and the gradient with respect to its first argument ({@code
   * Cotangent.valueAndGrad(loss)}), at parameters {@code w}; partials added in a tree of the
   * given depth (2, as MLlib, by {@link #sum(Exported, Dataset, RowBinding, double[])}).
   */
  public static LossAndGradient sum(Exported valueAndGrad, Dataset<Row> data, RowBinding rows,
      double[] w, int depth) {
    List<TensorType> sig = valueAndGrad.signature();
    checkValueAndGrad(valueAndGrad, w);
    RowBinding b = rows.check(data.schema(), sig);
    int d = w.length;
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
    Broadcast<double[]> bw = sc.broadcast(w.clone());
    try {
      JavaRDD<double[]> partials = data.javaRDD().mapPartitionsWithIndex((p, it) -> {
        Tensor params = Tensor.of(sig.get(0), bw.value());
        double[] acc = new double[d + 2];
        long index = 0;
        while (it.hasNext()) {
          List<Tensor> out = valueAndGrad.call(b.arguments(params, it.next(), p, index));
          acc[0] += out.get(0).get(0);
          double[] g = out.get(1).unsafeData();
          for (int i = 0; i < d; i++) {
            acc[i + 1] += g[i];
          }
          index++;
        }
        acc[d + 1] = index;
        return List.of(acc).iterator();
      }, true);
      double[] total = partials.treeReduce((x, y) -> {
        double[] s = x.clone();
        for (int i = 0; i < s.length; i++) {
          s[i] += y[i];
        }
        return s;
      }, depth);
      return new LossAndGradient(total[0], Arrays.copyOfRange(total, 1, d + 1), (long) total[d + 1]);
    } finally {
      bw.destroy();
    }
  }

  /** {@link #sum(Exported, Dataset, RowBinding, double[], int)} with depth 2. */
  public static LossAndGradient sum(Exported valueAndGrad, Dataset<Row> data, RowBinding rows,
      double[] w) {
    return sum(valueAndGrad, data, rows, w, 2);
  }

  private static void checkValueAndGrad(Exported f, double[] w) {
    List<TensorType> sig = f.signature();
    TensorType p = sig.get(0);
    if (p.dtype() != DType.F64 || p.rank() != 1 || p.size() != w.length) {
      throw new IrException(f.name() + ": the parameters are " + p + ", but w has " + w.length
          + " entries");
    }
    List<TensorType> outs = f.outputTypes();
    if (outs.size() != 2 || !outs.get(0).equals(TensorType.f64()) || !outs.get(1).equals(p)) {
      throw new IrException(f.name() + " returns " + outs + "; sum needs a value and a gradient"
          + " (f64[], " + p + "), as Cotangent.valueAndGrad(loss) gives");
    }
  }

  /**
   * {@code data} with the outputs of {@code f(w, row...)} appended as columns named {@code
   * outputNames} ({@code double} for a scalar output, {@code array<double>} otherwise), in the
   * rows' order; one compiled program per executor JVM, called once per row.
   */
  public static Dataset<Row> perRow(Exported f, Dataset<Row> data, RowBinding rows, double[] w,
      String... outputNames) {
    List<TensorType> sig = f.signature();
    RowBinding b = rows.check(data.schema(), sig);
    List<TensorType> outs = f.outputTypes();
    if (outputNames.length != outs.size()) {
      throw new IrException(f.name() + " has " + outs.size() + " outputs " + outs + "; name each ("
          + outputNames.length + " names given)");
    }
    StructType schema = data.schema();
    for (int k = 0; k < outs.size(); k++) {
      TensorType t = outs.get(k);
      if (t.dtype() != DType.F64 || t.rank() > 1) {
        throw new IrException(f.name() + ": output " + k + " is " + t + "; a column holds f64[]"
            + " or f64[n]");
      }
      DataType dt = t.rank() == 0 ? DataTypes.DoubleType
          : DataTypes.createArrayType(DataTypes.DoubleType, false);
      schema = schema.add(outputNames[k], dt, false);
    }
    Tensor params = Tensor.of(sig.get(0), w);
    // Rows are mapped as the iterator is read: a partition is never held in memory.
    MapPartitionsFunction<Row, Row> fn = it -> {
      int p = TaskContext.getPartitionId();
      return new Iterator<Row>() {
        private long index;

        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Row next() {
          Row row = it.next();
          List<Tensor> out = f.call(b.arguments(params, row, p, index++));
          Object[] values = new Object[row.length() + out.size()];
          for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
          }
          for (int k = 0; k < out.size(); k++) {
            Tensor t = out.get(k);
            values[row.length() + k] = t.type().rank() == 0 ? (Object) t.get(0) : t.toDoubleArray();
          }
          return RowFactory.create(values);
        }
      };
    };
    return data.mapPartitions(fn, Encoders.row(schema));
  }

  /**
   * The column of {@code f(w, row...)} for a function with one output, computed by a UDF over
   * {@code struct(columns...)}: {@code data.withColumn("loss", CotangentSpark.column(f, w, data,
   * rows))}. A scalar output is a {@code double} column, an {@code f64[n]} one {@code
   * array<double>}.
   */
  public static Column column(Exported f, double[] w, Dataset<Row> data, RowBinding rows) {
    List<TensorType> outs = f.outputTypes();
    if (outs.size() != 1 || outs.get(0).dtype() != DType.F64 || outs.get(0).rank() > 1) {
      throw new IrException(f.name() + " returns " + outs + "; a column holds one f64[] or f64[n]"
          + " output (perRow takes several)");
    }
    rows.check(data.schema(), f.signature());
    StructType fields = new StructType();
    Column[] cols = new Column[rows.columnNames().size()];
    for (int k = 0; k < cols.length; k++) {
      String c = rows.columnNames().get(k);
      fields = fields.add(data.schema().apply(c));
      cols[k] = data.col(c);
    }
    RowBinding b = RowBinding.columns(rows.columnNames().toArray(new String[0]))
        .check(fields, f.signature());
    boolean scalar = outs.get(0).rank() == 0;
    Tensor params = Tensor.of(f.signature().get(0), w);
    UDF1<Row, Object> udf = new UDF1<>() {
      private static final long serialVersionUID = 1L;
      private long index;

      @Override
      public Object call(Row row) {
        Tensor t = f.call1(b.arguments(params, row, TaskContext.getPartitionId(), index++));
        return scalar ? (Object) t.get(0) : t.toDoubleArray();
      }
    };
    DataType type = scalar ? DataTypes.DoubleType
        : DataTypes.createArrayType(DataTypes.DoubleType, false);
    UserDefinedFunction u = functions.udf(udf, type).asNonNullable();
    return u.apply(functions.struct(cols));
  }

  /**
   * The objective {@code w -> sum over rows of loss(w, row...)} and its gradient, each evaluation
   * a job on {@code data} (cache it first); for Commons Math's optimisers through {@link
   * DistributedObjective#function()} and {@link DistributedObjective#gradient()}.
   */
  public static DistributedObjective objective(Exported valueAndGrad, Dataset<Row> data,
      RowBinding rows) {
    return new DistributedObjective(valueAndGrad, data, rows);
  }
}
