package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ad.Linearize;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Param;

/**
 * A scan's body linearized once (the work of {@link Scan#jvp}): the primal scan returning the
 * residuals that depend on the carries or the xs (per step, stacked), those that depend on the consts only (computed outside), and the
 * body of the tangent scan; a residual that is a step of an {@code xs} itself is not stored
 * again, the tangent scan reads that {@code xs} (JAX restores it from the primal inputs). The
 * body of the tangent scan is {@code (intensive..., consts_dot... | carry_dot... | extensive...,
 * x_dot...) -> (carry_dot'..., y_dot...)}.
 */
final class ScanSplit {
  private static final Memo<List<Object>, ScanSplit> SPLITS = new Memo<>(64);

  /** The split of {@code scan} on {@code primals}, the same for all its outputs (memoized). */
  static ScanSplit of(Scan scan, List<Node> primals) {
    return SPLITS.get(List.of(scan.withOut(0), List.copyOf(primals)),
        k -> new ScanSplit(scan, primals));
  }

  final List<Node> residualScan;
  final List<Node> intensive = new ArrayList<>();
  /** The per-step residuals, stacked, in the tangent body's order: loop outputs or xs. */
  final List<Node> extensive = new ArrayList<>();
  final int extensiveCount;
  final Graph linearBody;

  private ScanSplit(Scan scan, List<Node> primals) {
    Graph body = scan.body();
    int numConsts = scan.numConsts();
    int numCarry = scan.numCarry();
    Linearize.Linearized lin = Ad.linearize(body);
    int numOut = lin.numOutputs;
    List<Node> res = lin.primal.outputs().subList(numOut, lin.primal.outputs().size());
    Set<Node> varying = dependents(lin.primal, numConsts);
    List<Integer> extensiveIdx = new ArrayList<>();
    List<Integer> intensiveIdx = new ArrayList<>();
    for (int k = 0; k < res.size(); k++) {
      (varying.contains(res.get(k)) ? extensiveIdx : intensiveIdx).add(k);
    }
    List<Node> bodyOuts = new ArrayList<>(lin.primal.outputs().subList(0, numOut));
    int firstX = numConsts + numCarry;
    for (int k : extensiveIdx) {
      if (xsIndex(res.get(k), firstX) < 0) {
        bodyOuts.add(res.get(k));
      }
    }
    Graph primalBody = new Graph(body.inputNames(), body.inputTypes(), bodyOuts, null,
        lin.primal.provenance());
    List<Node> intensiveNodes = new ArrayList<>();
    for (int k : intensiveIdx) {
      intensiveNodes.add(res.get(k));
    }
    if (!intensiveNodes.isEmpty()) {
      List<Node> args = new ArrayList<>(primals.subList(0, numConsts));
      for (int i = numConsts; i < body.arity(); i++) {
        args.add(Ir.zeros(body.inputTypes().get(i))); // not read: these residuals are const-only
      }
      intensive.addAll(new Graph(body.inputNames(), body.inputTypes(), intensiveNodes)
          .call(args));
    }
    extensiveCount = extensiveIdx.size();
    residualScan = Scan.scan(primalBody, primals.subList(0, numConsts),
        primals.subList(numConsts, numConsts + numCarry),
        primals.subList(numConsts + numCarry, primals.size()), scan.lengthDim(), scan.reverse());
    int stored = numOut;
    for (int k : extensiveIdx) {
      int x = xsIndex(res.get(k), firstX);
      extensive.add(x >= 0 ? primals.get(x) : residualScan.get(stored++));
    }
    // The tangent body: lin.linear takes (residuals in their order..., tangents of the inputs...).
    List<TensorType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Integer> order = new ArrayList<>(); // position in types of each lin.linear input
    int nRes = res.size();
    int[] posOfRes = new int[nRes];
    for (int k : intensiveIdx) {
      posOfRes[k] = types.size();
      types.add(lin.linear.inputTypes().get(k));
      names.add(lin.linear.inputNames().get(k));
    }
    int[] posOfTan = new int[body.arity()];
    for (int i = 0; i < body.arity(); i++) {
      if (i == numConsts + numCarry) {
        for (int k : extensiveIdx) {
          posOfRes[k] = types.size();
          types.add(lin.linear.inputTypes().get(k));
          names.add(lin.linear.inputNames().get(k));
        }
      }
      posOfTan[i] = types.size();
      types.add(lin.linear.inputTypes().get(nRes + i));
      names.add(lin.linear.inputNames().get(nRes + i));
    }
    if (scan.numXs() == 0) {
      for (int k : extensiveIdx) {
        posOfRes[k] = types.size();
        types.add(lin.linear.inputTypes().get(k));
        names.add(lin.linear.inputNames().get(k));
      }
    }
    for (int k = 0; k < nRes; k++) {
      order.add(posOfRes[k]);
    }
    for (int i = 0; i < body.arity(); i++) {
      order.add(posOfTan[i]);
    }
    List<Node> ps = Graph.params(types);
    List<Node> args = new ArrayList<>();
    for (int p : order) {
      args.add(ps.get(p));
    }
    org.cotangent.symbolic.ir.Provenance prov = new org.cotangent.symbolic.ir.Provenance();
    List<Node> outs = lin.linear.call(args, prov);
    linearBody = new Graph(names, types, outs, lin.linear.outputNames(), prov);
  }

  /** The input index of {@code r} if it is an input from {@code firstX} on (an xs step), or -1. */
  private static int xsIndex(Node r, int firstX) {
    if (r.op() instanceof Param && ((Param) r.op()).index() >= firstX) {
      return ((Param) r.op()).index();
    }
    return -1;
  }

  /** The nodes of {@code g} that depend on its inputs from {@code from} on. */
  private static Set<Node> dependents(Graph g, int from) {
    Set<Node> dep = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node n : g.topoOrder()) {
      if (n.op() instanceof Param) {
        if (((Param) n.op()).index() >= from) {
          dep.add(n);
        }
        continue;
      }
      for (Node in : n.inputs()) {
        if (dep.contains(in)) {
          dep.add(n);
          break;
        }
      }
    }
    return dep;
  }
}
