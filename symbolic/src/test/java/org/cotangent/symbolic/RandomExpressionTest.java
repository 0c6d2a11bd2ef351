package org.cotangent.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cotangent.symbolic.ad.CheckGrads;
import org.cotangent.symbolic.ir.Checker;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property test over random expression trees (seeded, bounded): derivatives of every order up to
 * two agree with finite differences and with their transposes. The trees mix elementwise ops,
 * broadcasting, reductions and contractions over inputs of shapes [3] and [2,3].
 */
public class RandomExpressionTest {
  public static Graph randomGraph(Random rng) {
    List<TensorType> types = List.of(TensorType.f64(3), TensorType.f64(2, 3), TensorType.f64());
    return Graph.trace(List.of("a", "B", "s"), types, ps -> List.of(Np.sum(tree(ps, rng, 4))));
  }

  /** A random expression of depth at most {@code depth}, always finite on inputs of order 1. */
  static Node tree(List<Node> ps, Random rng, int depth) {
    if (depth == 0 || rng.nextInt(4) == 0) {
      return ps.get(rng.nextInt(ps.size()));
    }
    Node a = tree(ps, rng, depth - 1);
    switch (rng.nextInt(14)) {
      case 0:
        return Np.sin(a);
      case 1:
        return Np.tanh(a);
      case 2:
        return Np.exp(Np.tanh(a));
      case 3:
        return Np.sigmoid(a);
      case 4:
        return Np.square(a);
      case 5:
        return Np.log(Np.add(Np.scalar(2), Np.sin(a)));
      case 6:
        return Np.mul(a, tree(ps, rng, depth - 1));
      case 7:
        return Np.add(a, tree(ps, rng, depth - 1));
      case 8:
        return Np.sub(a, tree(ps, rng, depth - 1));
      case 9:
        return Np.div(a, Np.add(Np.scalar(1.5), Np.cos(tree(ps, rng, depth - 1))));
      case 10:
        return a.rank() > 0 ? Np.sum(a, 0) : Np.neg(a);
      case 11:
        return a.rank() == 2 ? Np.outer(Np.matmul(a, ps.get(0)), ps.get(0)) : Np.mul(Np.scalar(0.5), a);
      case 12:
        return Np.maximum(a, Np.mul(Np.scalar(0.3), a));
      default:
        return a.rank() == 2
            ? Np.matmul(Np.transpose(a), Np.sum(a, 1))
            : Np.sqrt(Np.add(Np.scalar(1), Np.square(a)));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
      21, 22, 23, 24, 25, 26, 27, 28, 29, 30})
  void derivativesOfRandomTreesAreRight(long seed) {
    Random rng = new Random(seed);
    Graph f = randomGraph(rng);
    Checker.check(f);
    List<Tensor> x = new ArrayList<>();
    for (TensorType t : f.inputTypes()) {
      x.add(CheckGrads.randomLike(t, rng));
    }
    CheckGrads.checkGrads(f, x, 2, rng);
  }
}
