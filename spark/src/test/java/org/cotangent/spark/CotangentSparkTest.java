package org.cotangent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cotangent.Cotangent;
import org.cotangent.Exported;
import org.cotangent.Fn;
import org.cotangent.frontend.Ops;
import org.cotangent.runtime.CompileService;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cotangent in a local[2] Spark session: the distributed full-batch gradient of a logistic loss
 * against the single-machine one and the closed form, per-row gradients against the driver's,
 * one compilation per JVM however many tasks, the exported form through Spark's serializer, a
 * Commons Math optimiser whose objective runs on Spark, Spark's own SQL code generation in the
 * same JVM, and the errors of bad bindings.
 */
class CotangentSparkTest {
  private static final int D = 5;
  private static final TensorType W = TensorType.f64(D);

  private static SparkSession spark;
  private static JavaSparkContext jsc;
  private static Exported valueAndGrad;
  private static Exported gradOnly;

  /** loss(w, x, y) = log(1 + exp(-y w.x)). */
  private static Fn loss() {
    return Fn.of((w, x, y) -> Ops.log1p(Ops.exp(Ops.dot(w, x).mul(y).neg())));
  }

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("cotangent-test")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2").config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.codegen.fallback", "false").getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    valueAndGrad = CotangentSpark.prepare(Cotangent.valueAndGrad(loss()), W, W, TensorType.f64());
    gradOnly = CotangentSpark.prepare(Cotangent.grad(loss()), W, W, TensorType.f64());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType, false)
      .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("label", DataTypes.DoubleType, false);

  /** n seeded rows (labels from a true w and noise), in {@code partitions} partitions. */
  private static List<Row> rows(int n, long seed) {
    Random r = new Random(seed);
    double[] truth = {1.0, -2.0, 0.5, 0.0, 1.5};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[D];
      double s = 0;
      for (int j = 0; j < D; j++) {
        x[j] = r.nextGaussian();
        s += truth[j] * x[j];
      }
      double y = s + r.nextGaussian() > 0 ? 1 : -1;
      rows.add(RowFactory.create((long) i, x, y));
    }
    return rows;
  }

  private static Dataset<Row> dataset(List<Row> rows, int partitions) {
    return spark.createDataFrame(jsc.parallelize(rows, partitions), SCHEMA);
  }

  private static final double[] W0 = {0.3, -0.1, 0.2, 0.05, -0.4};

  private static double[] features(Row row) {
    return (double[]) row.get(1);
  }

  @Test
  void theDistributedGradientIsTheSingleMachineOneAndTheClosedForm() {
    List<Row> rows = rows(10_000, 1);
    LossAndGradient lg = CotangentSpark.sum(valueAndGrad, dataset(rows, 8),
        RowBinding.columns("features", "label"), W0);
    assertEquals(10_000, lg.count());
    double loss = 0;
    double[] g = new double[D];
    double closedLoss = 0;
    double[] closed = new double[D];
    Tensor w = Tensor.of(W0);
    for (Row row : rows) {
      double[] x = features(row);
      double y = row.getDouble(2);
      List<Tensor> out = valueAndGrad.call(w, x, y);
      loss += out.get(0).get(0);
      double z = 0;
      for (int j = 0; j < D; j++) {
        g[j] += out.get(1).get(j);
        z += W0[j] * x[j];
      }
      closedLoss += Math.log1p(Math.exp(-y * z));
      double s = 1 / (1 + Math.exp(y * z));
      for (int j = 0; j < D; j++) {
        closed[j] += -y * x[j] * s;
      }
    }
    assertEquals(loss, lg.loss(), 1e-12 * Math.abs(loss));
    assertEquals(closedLoss, lg.loss(), 1e-12 * Math.abs(closedLoss));
    double[] dg = lg.gradient();
    for (int j = 0; j < D; j++) {
      assertEquals(g[j], dg[j], 1e-12 * Math.max(1, Math.abs(g[j])), "component " + j);
      assertEquals(closed[j], dg[j], 1e-12 * Math.max(1, Math.abs(closed[j])), "component " + j);
    }
  }

  @Test
  void perRowGradientsAreTheDriversExactly() {
    List<Row> rows = rows(1_000, 2);
    Dataset<Row> out = CotangentSpark.perRow(gradOnly, dataset(rows, 4),
        RowBinding.columns("features", "label"), W0, "grad");
    Map<Long, double[]> byId = new HashMap<>();
    for (Row r : out.collectAsList()) {
      List<Object> g = r.getList(3);
      double[] d = new double[g.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = (Double) g.get(i);
      }
      byId.put(r.getLong(0), d);
    }
    assertEquals(1_000, byId.size());
    Tensor w = Tensor.of(W0);
    for (Row row : rows) {
      double[] expected = gradOnly.call1(w, features(row), row.getDouble(2)).toDoubleArray();
      assertArrayEquals(expected, byId.get(row.getLong(0)), 0.0, "row " + row.getLong(0));
    }
  }

  @Test
  void aColumnUdfGivesTheDriversValues() {
    List<Row> rows = rows(200, 7);
    Dataset<Row> data = dataset(rows, 3);
    Exported value = CotangentSpark.prepare(loss(), W, W, TensorType.f64());
    RowBinding b = RowBinding.columns("features", "label");
    List<Row> out = data.withColumn("loss", CotangentSpark.column(value, W0, data, b))
        .withColumn("grad", CotangentSpark.column(gradOnly, W0, data, b)).collectAsList();
    Tensor w = Tensor.of(W0);
    Map<Long, Row> byId = new HashMap<>();
    for (Row r : out) {
      byId.put(r.getLong(0), r);
    }
    for (Row row : rows) {
      Row r = byId.get(row.getLong(0));
      double x = value.call1(w, features(row), row.getDouble(2)).get(0);
      assertEquals(x, r.getDouble(3), 0.0);
      List<Object> g = r.getList(4);
      double[] expected = gradOnly.call1(w, features(row), row.getDouble(2)).toDoubleArray();
      for (int i = 0; i < D; i++) {
        assertEquals(expected[i], (Double) g.get(i), 0.0);
      }
    }
    IrException e = assertThrows(IrException.class,
        () -> CotangentSpark.column(valueAndGrad, W0, data, b));
    assertTrue(e.getMessage().contains("a column holds one f64[] or f64[n] output"), e.getMessage());
  }

  @Test
  void compiledOncePerJvmNotPerTaskOrRow() {
    CompileService.Stats before = CompileService.shared().stats();
    RowBinding b = RowBinding.columns("features", "label");
    CotangentSpark.sum(valueAndGrad, dataset(rows(10, 3), 16), b, W0);
    CotangentSpark.sum(valueAndGrad, dataset(rows(10_000, 4), 16), b, W0);
    CompileService.Stats after = CompileService.shared().stats();
    assertEquals(before.compiles, after.compiles, before + " -> " + after);
    // Each task of the second job (every partition has rows) deserializes the function and finds
    // its class in the cache.
    assertTrue(after.hits - before.hits >= 16, before + " -> " + after);
  }

  @Test
  void theFormThatTravelsIsIrNotCode() {
    SerializerInstance ser = new JavaSerializer(new SparkConf()).newInstance();
    java.nio.ByteBuffer bytes = ser.serialize(valueAndGrad, scala.reflect.ClassTag$.MODULE$.apply(
        Exported.class));
    byte[] b = new byte[bytes.remaining()];
    bytes.duplicate().get(b);
    String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("cotangent exported function, format 1"));
    assertTrue(!text.contains("implements Program") && !text.contains("\u00ca\u00fe\u00ba\u00be"),
        "no Java source and no class file travels");
    Exported back = ser.deserialize(bytes, scala.reflect.ClassTag$.MODULE$.apply(Exported.class));
    Tensor w = Tensor.of(W0);
    double[] x = {1, 2, 3, 4, 5};
    assertArrayEquals(valueAndGrad.call(w, x, 1.0).get(1).toDoubleArray(),
        back.call(w, x, 1.0).get(1).toDoubleArray(), 0.0);
  }

  @Test
  void aCommonsMathOptimiserMinimisesALossEvaluatedOnSpark() {
    List<Row> rows = rows(1_000, 5);
    Dataset<Row> data = dataset(rows, 2).cache();
    DistributedObjective obj = CotangentSpark.objective(valueAndGrad, data,
        RowBinding.columns("features", "label"));
    LossAndGradient first = obj.at(new double[D]);
    double start = first.loss();
    double startNorm = norm(first.gradient());
    NonLinearConjugateGradientOptimizer opt = new NonLinearConjugateGradientOptimizer(
        NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE,
        new SimpleValueChecker(1e-6, 1e-6));
    PointValuePair best = opt.optimize(new MaxEval(400), obj.function(), obj.gradient(),
        GoalType.MINIMIZE, new InitialGuess(new double[D]));
    double[] g = obj.at(best.getPoint()).gradient();
    assertTrue(best.getValue() < start, best.getValue() + " vs " + start);
    assertTrue(norm(g) < 1e-2 * startNorm, "gradient at the optimum: " + java.util.Arrays.toString(g)
        + ", at the start " + startNorm + ", after " + obj.jobs() + " jobs");
    // The value there is the single-machine loss.
    double loss = 0;
    Tensor w = Tensor.of(best.getPoint());
    for (Row row : rows) {
      loss += valueAndGrad.call(w, features(row), row.getDouble(2)).get(0).get(0);
    }
    assertEquals(loss, best.getValue(), 1e-12 * loss);
    assertTrue(obj.jobs() <= opt.getEvaluations() + 2, obj.jobs() + " jobs");
    System.out.println("optimiser: " + opt.getEvaluations() + " evaluations, " + obj.jobs() + " jobs");
    data.unpersist();
  }

  @Test
  void sparksOwnCodeGenerationStillWorks() {
    Row r = spark.range(0, 100_000, 1, 4).selectExpr("sum(id * 2) as s").first();
    assertEquals(2L * (100_000L * 99_999L / 2), r.getLong(0));
  }

  @Test
  void badBindingsAndRowsSayWhichColumnPartitionAndRow() {
    Dataset<Row> data = dataset(rows(20, 6), 2);
    IrException e = assertThrows(IrException.class, () -> CotangentSpark.sum(valueAndGrad, data,
        RowBinding.columns("feature", "label"), W0));
    assertTrue(e.getMessage().startsWith("no column 'feature' for argument 1 (f64[5]); the columns"
        + " are [id, features, label]"), e.getMessage());
    StructType strings = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.StringType), false)
        .add("label", DataTypes.DoubleType, false);
    Dataset<Row> bad = spark.createDataFrame(List.of(RowFactory.create(new String[] {"a"}, 1.0)),
        strings);
    e = assertThrows(IrException.class, () -> CotangentSpark.sum(valueAndGrad, bad,
        RowBinding.columns("features", "label"), W0));
    assertEquals("column 'features' is array<string>; argument 1 needs f64[5] (an array<double>"
        + " column of length 5)", e.getMessage());
    e = assertThrows(IrException.class, () -> CotangentSpark.sum(valueAndGrad, data,
        RowBinding.columns("features"), W0));
    assertTrue(e.getMessage().contains("takes 3 arguments"), e.getMessage());
    StructType nullable = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
        .add("label", DataTypes.DoubleType, false);
    List<Row> shortAndNull = new ArrayList<>();
    shortAndNull.add(RowFactory.create(new double[] {1, 2, 3, 4, 5}, 1.0));
    shortAndNull.add(RowFactory.create(new double[] {1, 2, 3}, 1.0));
    Dataset<Row> ragged = spark.createDataFrame(jsc.parallelize(shortAndNull, 1), nullable);
    Exception failed = assertThrows(Exception.class, () -> CotangentSpark.sum(valueAndGrad, ragged,
        RowBinding.columns("features", "label"), W0));
    assertTrue(messages(failed).contains("partition 0, row 1: column 'features' has 3 elements;"
        + " argument 1 needs f64[5]"), messages(failed));
    List<Row> withNull = new ArrayList<>();
    withNull.add(RowFactory.create(null, 1.0));
    Dataset<Row> nulls = spark.createDataFrame(jsc.parallelize(withNull, 1), nullable);
    failed = assertThrows(Exception.class, () -> CotangentSpark.sum(valueAndGrad, nulls,
        RowBinding.columns("features", "label"), W0));
    assertTrue(messages(failed).contains("partition 0, row 0: column 'features' is null"),
        messages(failed));
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable e = t; e != null; e = e.getCause()) {
      sb.append(e.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
