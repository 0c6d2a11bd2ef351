package org.cotangent.spark;

import java.util.Arrays;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cotangent.Exported;

/**
 * A loss summed over a dataset, evaluated on the cluster: {@link #at} runs one job that gives the
 * value and the gradient together, and remembers the last point, so an optimiser that asks for
 * the value and then the gradient at one point runs one job, not two. Not thread-safe (an
 * optimiser is one thread).
 */
public final class DistributedObjective {
  private final Exported valueAndGrad;
  private final Dataset<Row> data;
  private final RowBinding rows;
  private double[] lastPoint;
  private LossAndGradient last;
  private int jobs;

  DistributedObjective(Exported valueAndGrad, Dataset<Row> data, RowBinding rows) {
    this.valueAndGrad = valueAndGrad;
    this.data = data;
    this.rows = rows;
  }

  /** The loss and gradient at {@code w} (one job, unless {@code w} is the last point). */
  public LossAndGradient at(double[] w) {
    if (lastPoint == null || !Arrays.equals(lastPoint, w)) {
      last = CotangentSpark.sum(valueAndGrad, data, rows, w);
      lastPoint = w.clone();
      jobs++;
    }
    return last;
  }

  /** Spark jobs run so far. */
  public int jobs() {
    return jobs;
  }

  /** The loss, for Commons Math's optimisers. */
  public ObjectiveFunction function() {
    return new ObjectiveFunction(w -> at(w).loss());
  }

  /** Its gradient, for Commons Math's gradient-based optimisers. */
  public ObjectiveFunctionGradient gradient() {
    return new ObjectiveFunctionGradient(w -> at(w).gradient());
  }
}
