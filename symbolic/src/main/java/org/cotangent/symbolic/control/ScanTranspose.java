package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The transpose of a linear {@link Scan} (JAX's {@code _scan_transpose}): a scan in the other
 * direction over the transposed body, whose carries are the carries' cotangents and the running
 * sums of the linear consts' cotangents, and whose ys are the linear xs' cotangents. The scan
 * must be linear in every carry; its non-linear consts and xs (the primal residuals) ride along.
 * As {@link WhileTranspose} is for {@link WhileLoop}.
 */
final class ScanTranspose {
  private ScanTranspose() {}

  static Node[] transpose(Scan s, Node ct, Node node, boolean[] linearFlags) {
    Graph body = s.body();
    int numConsts = s.numConsts();
    int numCarry = s.numCarry();
    List<Integer> linear = s.linearInputs();
    Dim length = s.lengthDim();
    boolean reverse = s.reverse();
    int out = s.out();
    int n = body.arity();
    for (int k = 0; k < numCarry; k++) {
      if (!linear.contains(numConsts + k)) {
        throw new IrException("cannot transpose: scan carry " + k + " is not linear");
      }
    }
    List<Integer> nlC = new ArrayList<>();
    List<Integer> linC = new ArrayList<>();
    List<Integer> nlX = new ArrayList<>();
    List<Integer> linX = new ArrayList<>();
    for (int i = 0; i < numConsts; i++) {
      (linear.contains(i) ? linC : nlC).add(i);
    }
    for (int i = numConsts + numCarry; i < n; i++) {
      (linear.contains(i) ? linX : nlX).add(i);
    }
    // W: the body with its inputs as (nonlinear consts, nonlinear xs, linear consts, carries,
    // linear xs), so that its linear inputs are the trailing ones.
    List<Integer> perm = new ArrayList<>(nlC);
    perm.addAll(nlX);
    perm.addAll(linC);
    for (int k = 0; k < numCarry; k++) {
      perm.add(numConsts + k);
    }
    perm.addAll(linX);
    List<TensorType> wTypes = new ArrayList<>();
    List<String> wNames = new ArrayList<>();
    for (int i : perm) {
      wTypes.add(body.inputTypes().get(i));
      wNames.add(body.inputNames().get(i));
    }
    Graph w = Graph.trace(wNames, wTypes, ps -> {
      Node[] args = new Node[n];
      for (int k = 0; k < n; k++) {
        args[perm.get(k)] = ps.get(k);
      }
      return body.call(Arrays.asList(args));
    });
    int numNl = nlC.size() + nlX.size();
    Graph t = Ad.transpose(w, n - numNl);
    // The reverse body: (nl consts | carry cts, const ct sums | nl xs, y cts) ->
    // (carry cts', const ct sums' | linear xs cts).
    List<TensorType> rTypes = new ArrayList<>();
    List<String> rNames = new ArrayList<>();
    for (int i : nlC) {
      rTypes.add(body.inputTypes().get(i));
      rNames.add(body.inputNames().get(i));
    }
    for (int k = 0; k < numCarry; k++) {
      rTypes.add(body.output(k).type());
      rNames.add(body.outputName(k) + "_bar");
    }
    for (int i : linC) {
      rTypes.add(body.inputTypes().get(i));
      rNames.add(body.inputNames().get(i) + "_bar");
    }
    for (int i : nlX) {
      rTypes.add(body.inputTypes().get(i));
      rNames.add(body.inputNames().get(i));
    }
    for (int k = numCarry; k < body.outputs().size(); k++) {
      rTypes.add(body.output(k).type());
      rNames.add(body.outputName(k) + "_bar");
    }
    int nc = nlC.size();
    int nCarryR = numCarry + linC.size();
    Graph reverseBody = Graph.trace(rNames, rTypes, ps -> {
      List<Node> targs = new ArrayList<>(ps.subList(0, nc));
      targs.addAll(ps.subList(nc + nCarryR, nc + nCarryR + nlX.size()));
      targs.addAll(ps.subList(nc, nc + numCarry));
      targs.addAll(ps.subList(nc + nCarryR + nlX.size(), ps.size()));
      List<Node> cts = t.call(targs);
      // t's outputs: linear consts, carries, linear xs (W's linear inputs in order).
      List<Node> outs = new ArrayList<>(cts.subList(linC.size(), linC.size() + numCarry));
      for (int m = 0; m < linC.size(); m++) {
        outs.add(Ir.add(ps.get(nc + numCarry + m), cts.get(m)));
      }
      outs.addAll(cts.subList(linC.size() + numCarry, cts.size()));
      return outs;
    });
    List<Node> consts = new ArrayList<>();
    for (int i : nlC) {
      consts.add(node.input(i));
    }
    List<Node> init = new ArrayList<>();
    for (int k = 0; k < numCarry; k++) {
      init.add(out == k ? ct : Ir.zeros(body.output(k).type()));
    }
    for (int i : linC) {
      init.add(Ir.zeros(body.inputTypes().get(i)));
    }
    List<Node> xs = new ArrayList<>();
    for (int i : nlX) {
      xs.add(node.input(i));
    }
    for (int k = numCarry; k < body.outputs().size(); k++) {
      xs.add(out == k ? ct : Ir.zeros(Scan.stacked(body.output(k).type(), length)));
    }
    List<Integer> lin = new ArrayList<>();
    for (int k = 0; k < nCarryR; k++) {
      lin.add(nc + k);
    }
    for (int k = 0; k < body.outputs().size() - numCarry; k++) {
      lin.add(nc + nCarryR + nlX.size() + k);
    }
    List<Node> back = Scan.scan(reverseBody, consts, init, xs, length, !reverse, lin);
    Node[] cts = new Node[n];
    for (int k = 0; k < numCarry; k++) {
      cts[numConsts + k] = back.get(k);
    }
    for (int m = 0; m < linC.size(); m++) {
      cts[linC.get(m)] = back.get(numCarry + m);
    }
    for (int m = 0; m < linX.size(); m++) {
      cts[linX.get(m)] = back.get(nCarryR + m);
    }
    for (int i = 0; i < n; i++) {
      if (!linearFlags[i]) {
        cts[i] = null;
      }
    }
    return cts;
  }
}
