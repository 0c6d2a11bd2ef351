package org.cotangent.spark;

import java.util.*;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.*;
import org.apache.spark.sql.types.*;
import org.cotangent.*;
import org.cotangent.frontend.Ops;

import org.cotangent.symbolic.*;

/**
 * The distributed full-batch gradient against a plain loop of the same exported function on the
 * driver, timed five times (a measurement for notes, not a test). Run, from the repository root:
 * <pre>
 * mvn -B -q -pl spark -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/spark.cp -Dmdep.includeScope=test
 * java -XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
 *   -cp "$(cat /tmp/spark.cp):spark/target/classes:spark/target/test-classes" org.cotangent.spark.DistributedTiming 100000
 * </pre>
 */
public final class DistributedTiming {
  private DistributedTiming() {}

  public static void main(String[] a) {
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int n = Integer.parseInt(a[0]), d = 5;
    Random r = new Random(1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) { double[] x = new double[d]; for (int j = 0; j < d; j++) x[j] = r.nextGaussian(); rows.add(RowFactory.create(x, r.nextBoolean() ? 1.0 : -1.0)); }
    StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false).add("label", DataTypes.DoubleType, false);
    Dataset<Row> data = spark.createDataFrame(jsc.parallelize(rows, 8), schema).cache();
    data.count();
    Fn loss = Fn.of((w, x, y) -> Ops.log1p(Ops.exp(Ops.dot(w, x).mul(y).neg())));
    Exported vg = CotangentSpark.prepare(Cotangent.valueAndGrad(loss), TensorType.f64(d), TensorType.f64(d), TensorType.f64());
    double[] w = {0.3, -0.1, 0.2, 0.05, -0.4};
    RowBinding b = RowBinding.columns("features", "label");
    Tensor wt = Tensor.of(w);
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      LossAndGradient lg = CotangentSpark.sum(vg, data, b, w);
      long t1 = System.nanoTime();
      double s = 0;
      for (Row row : rows) s += vg.call(wt, (double[]) row.get(0), row.getDouble(1)).get(0).get(0);
      long t2 = System.nanoTime();
      System.out.printf("n=%d distributed %.1f ms, single-machine loop %.1f ms (%.3g vs %.3g)%n", n, (t1 - t0) / 1e6, (t2 - t1) / 1e6, lg.loss(), s);
    }
    spark.stop();
  }
}
