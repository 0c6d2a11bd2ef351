package org.cotangent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
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
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real cluster in miniature: {@code local-cluster[2,1,768]}, two executor JVMs that have none of
 * the driver's objects, only the class path. The gradient they compute is the driver's, and each
 * executor JVM compiled the function exactly once for 16 tasks. Runs in its own Surefire
 * execution (one SparkContext per JVM), tagged {@code cluster}.
 */
@Tag("cluster")
class ClusterTest {
  @Test
  void eachExecutorJvmCompilesOnceAndTheGradientIsTheDrivers() {
    new File(System.getenv("SPARK_HOME"), "jars").mkdirs();
    SparkSession spark = SparkSession.builder().master("local-cluster[2,1,768]")
        .appName("cotangent-cluster").config("spark.ui.enabled", "false")
        .config("spark.executor.memory", "512m")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      StructType schema = new StructType()
          .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("label", DataTypes.DoubleType, false);
      Random r = new Random(11);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 4_000; i++) {
        double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        rows.add(RowFactory.create(x, r.nextBoolean() ? 1.0 : -1.0));
      }
      Dataset<Row> data = spark.createDataFrame(jsc.parallelize(rows, 16), schema);
      Fn loss = Fn.of((w, x, y) -> Ops.log1p(Ops.exp(Ops.dot(w, x).mul(y).neg())));
      TensorType v3 = TensorType.f64(3);
      Exported vg = CotangentSpark.prepare(Cotangent.valueAndGrad(loss), v3, v3, TensorType.f64());
      double[] w = {0.2, -0.5, 1.0};
      LossAndGradient lg = CotangentSpark.sum(vg, data, RowBinding.columns("features", "label"), w);
      double[] g = new double[3];
      for (Row row : rows) {
        Tensor t = vg.call(Tensor.of(w), (double[]) row.get(0), row.getDouble(1)).get(1);
        for (int j = 0; j < 3; j++) {
          g[j] += t.get(j);
        }
      }
      double[] dg = lg.gradient();
      for (int j = 0; j < 3; j++) {
        assertEquals(g[j], dg[j], 1e-12 * Math.max(1, Math.abs(g[j])));
      }
      // Each task reports its JVM and the compilations that JVM has run.
      List<String> seen = jsc.parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
          14, 15), 16).map(i -> ProcessHandle.current().pid() + " "
          + CompileService.shared().stats().compiles).collect();
      Map<String, String> byJvm = new TreeMap<>();
      for (String s : seen) {
        String[] p = s.split(" ");
        byJvm.put(p[0], p[1]);
      }
      assertEquals(2, byJvm.size(), "executor JVMs: " + byJvm);
      for (Map.Entry<String, String> e : byJvm.entrySet()) {
        assertEquals("1", e.getValue(), "compilations in executor JVM " + e.getKey());
      }
      assertTrue(!byJvm.containsKey(Long.toString(ProcessHandle.current().pid())));
    } finally {
      spark.stop();
    }
  }
}
