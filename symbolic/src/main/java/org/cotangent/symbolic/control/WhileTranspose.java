package org.cotangent.symbolic.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/**
 * The transpose of a linear {@link WhileLoop} (JAX refuses reverse mode through {@code
 * while_loop}; this is the rule that makes it work). The loop is linear in some consts and
 * carries; its predicate and its non-linear carries must not read the linear inputs (a tangent
 * loop from {@link WhileLoop#jvp} is so: the primal carries ride along). The transpose is
 *
 * <ol>
 *   <li>a primal loop {@code P} of the non-linear part alone, for the trip count {@code n} (and,
 *       when {@code maxSteps = M > 0}, the stacked non-linear carries of each step);
 *   <li>a reverse loop {@code k = n, ..., 1} whose carries are {@code k}, the linear carries'
 *       cotangents and the running sums of the linear consts' cotangents; step {@code k} gets the
 *       non-linear carries entering step {@code k - 1}, and applies the transposed body there.
 *       Without {@code M}, those carries are rematerialised from the initial ones by an inner
 *       while loop of {@code k - 1} body steps (memory O(C), time O(n^2) body steps); with
 *       {@code M}, they are row {@code k - 1} of {@code P}'s stacked carries (memory O(M C), time
 *       O(n)).
 * </ol>
 *
 * The reverse loop is itself linear in the cotangents with a non-linear counter, so it transposes
 * again (reverse over reverse).
 */
final class WhileTranspose {
  private WhileTranspose() {}

  static Node[] transpose(WhileLoop op, Node ct, Node node, boolean[] linearFlags) {
    Graph cond = op.cond();
    Graph body = op.body();
    int n = body.arity();
    int numConsts = op.numConsts();
    int nc = op.numCarry();
    int maxSteps = op.maxSteps();
    int out = op.out();
    boolean[] lin = new boolean[n];
    for (int i : op.linearInputs()) {
      lin[i] = true;
    }
    List<Integer> nlC = new ArrayList<>();
    List<Integer> linC = new ArrayList<>();
    List<Integer> nlK = new ArrayList<>();
    List<Integer> linK = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean isConst = i < numConsts;
      (lin[i] ? (isConst ? linC : linK) : (isConst ? nlC : nlK)).add(i);
    }
    int outCarry = out < nc ? out : out > nc ? out - nc - 1 : -1;
    if (outCarry < 0 || !lin[numConsts + outCarry]) {
      throw new IrException("cannot transpose: output " + out + " of while_loop is not linear");
    }
    if (WhileLoop.dependents(cond, lin).contains(cond.output(0))) {
      throw new IrException("cannot transpose: the predicate of a while_loop reads a linear input");
    }
    Set<Node> dep = WhileLoop.dependents(body, lin);
    for (int i : nlK) {
      if (dep.contains(body.output(i - numConsts))) {
        throw new IrException("cannot transpose: non-linear carry " + (i - numConsts)
            + " of a while_loop reads a linear input");
      }
    }
    // The non-linear part: (nl consts, nl carries) -> predicate, next nl carries.
    List<Integer> nl = new ArrayList<>(nlC);
    nl.addAll(nlK);
    List<TensorType> nlTypes = types(body, nl);
    List<String> nlNames = names(body, nl, "");
    Graph condNl = Graph.trace(nlNames, nlTypes, ps -> cond.call(spread(body, nl, ps)));
    Graph bodyNl = Graph.trace(nlNames, nlTypes, ps -> {
      List<Node> o = body.call(spread(body, nl, ps));
      List<Node> r = new ArrayList<>();
      for (int i : nlK) {
        r.add(o.get(i - numConsts));
      }
      return r;
    });
    List<Node> nlConstNodes = inputs(node, nlC);
    List<Node> nlInit = inputs(node, nlK);
    List<Node> primal = WhileLoop.outputs(condNl, bodyNl, nlConstNodes, nlInit, maxSteps,
        List.of());
    Node trips = primal.get(nlK.size());
    // The transposed body: (nl consts, nl carries, cts of the next linear carries) -> (cts of the
    // linear consts, cts of the linear carries).
    List<Integer> wIn = new ArrayList<>(nl);
    wIn.addAll(linC);
    wIn.addAll(linK);
    Graph w = Graph.trace(names(body, wIn, ""), types(body, wIn), ps -> {
      Node[] a = new Node[n];
      for (int k = 0; k < n; k++) {
        a[wIn.get(k)] = ps.get(k);
      }
      List<Node> o = body.call(Arrays.asList(a));
      List<Node> r = new ArrayList<>();
      for (int i : linK) {
        r.add(o.get(i - numConsts));
      }
      return r;
    });
    Graph t = Ad.transpose(w, linC.size() + linK.size());
    // The reverse loop: consts (nl consts, store, [ct of the stacked output]); carries (k, cts of
    // the linear carries, sums of the linear consts' cts).
    boolean stackedOut = out > nc;
    List<Node> rConsts = new ArrayList<>(nlConstNodes);
    List<TensorType> rTypes = new ArrayList<>(types(body, nlC));
    List<String> rNames = new ArrayList<>(names(body, nlC, ""));
    for (int m = 0; m < nlK.size(); m++) {
      Node s = maxSteps > 0 ? primal.get(nlK.size() + 1 + m) : nlInit.get(m);
      rConsts.add(s);
      rTypes.add(s.type());
      rNames.add(body.inputNames().get(nlK.get(m)) + (maxSteps > 0 ? "_steps" : "_init"));
    }
    if (stackedOut) {
      rConsts.add(ct);
      rTypes.add(ct.type());
      rNames.add(body.inputNames().get(numConsts + outCarry) + "_steps_bar");
    }
    int numRConsts = rConsts.size();
    TensorType i64 = TensorType.of(DType.I64);
    rTypes.add(i64);
    rNames.add("k");
    for (int i : linK) {
      rTypes.add(body.inputTypes().get(i));
      rNames.add(body.inputNames().get(i) + "_bar");
    }
    for (int i : linC) {
      rTypes.add(body.inputTypes().get(i));
      rNames.add(body.inputNames().get(i) + "_bar");
    }
    int numNlC = nlC.size();
    int numNlK = nlK.size();
    int outPos = linK.indexOf(numConsts + outCarry);
    Graph rCond = Graph.trace(rNames, rTypes,
        ps -> List.of(Ir.gt(ps.get(numRConsts), Ir.convert(Ir.constant(0.0), DType.I64))));
    Graph rBody = Graph.trace(rNames, rTypes, ps -> {
      Node km = Ir.sub(ps.get(numRConsts), Ir.convert(Ir.constant(1.0), DType.I64));
      List<Node> consts = ps.subList(0, numNlC);
      List<Node> carries;
      if (maxSteps > 0) {
        carries = new ArrayList<>();
        for (int m = 0; m < numNlK; m++) {
          carries.add(Ir.gather(ps.get(numNlC + m), km, 0));
        }
      } else {
        carries = remat(condNl, bodyNl, consts, ps.subList(numNlC, numNlC + numNlK), km);
      }
      List<Node> targs = new ArrayList<>(consts);
      targs.addAll(carries);
      targs.addAll(ps.subList(numRConsts + 1, numRConsts + 1 + linK.size()));
      List<Node> cts = t.call(targs);
      List<Node> outs = new ArrayList<>();
      outs.add(km);
      for (int m = 0; m < linK.size(); m++) {
        Node c = cts.get(linC.size() + m);
        if (stackedOut && m == outPos) {
          c = Ir.add(c, Ir.gather(ps.get(numRConsts - 1), km, 0));
        }
        outs.add(c);
      }
      for (int m = 0; m < linC.size(); m++) {
        outs.add(Ir.add(ps.get(numRConsts + 1 + linK.size() + m), cts.get(m)));
      }
      return outs;
    });
    List<Node> rInit = new ArrayList<>();
    rInit.add(trips);
    for (int i : linK) {
      rInit.add(!stackedOut && i == numConsts + outCarry ? ct : Ir.zeros(body.inputTypes().get(i)));
    }
    for (int i : linC) {
      rInit.add(Ir.zeros(body.inputTypes().get(i)));
    }
    List<Integer> rLin = new ArrayList<>();
    if (stackedOut) {
      rLin.add(numRConsts - 1);
    }
    for (int m = 0; m < linK.size() + linC.size(); m++) {
      rLin.add(numRConsts + 1 + m);
    }
    List<Node> back = WhileLoop.outputs(rCond, rBody, rConsts, rInit, maxSteps, rLin);
    Node[] cts = new Node[n];
    for (int m = 0; m < linK.size(); m++) {
      cts[linK.get(m)] = back.get(1 + m);
    }
    for (int m = 0; m < linC.size(); m++) {
      cts[linC.get(m)] = back.get(1 + linK.size() + m);
    }
    for (int i = 0; i < n; i++) {
      if (!linearFlags[i]) {
        cts[i] = null;
      }
    }
    return cts;
  }

  /**
   * The non-linear carries entering step {@code steps} (an i64 node): an inner while loop of
   * {@code steps} body steps from the initial carries, with the step count as its first carry.
   */
  private static List<Node> remat(Graph condNl, Graph bodyNl, List<Node> consts, List<Node> init,
      Node steps) {
    int nC = consts.size();
    int nK = init.size();
    List<TensorType> types = new ArrayList<>(condNl.inputTypes().subList(0, nC));
    List<String> names = new ArrayList<>(condNl.inputNames().subList(0, nC));
    types.add(steps.type());
    names.add("steps");
    types.add(steps.type());
    names.add("j");
    types.addAll(condNl.inputTypes().subList(nC, nC + nK));
    names.addAll(condNl.inputNames().subList(nC, nC + nK));
    Graph c = Graph.trace(names, types, ps -> List.of(Ir.lt(ps.get(nC + 1), ps.get(nC))));
    Graph b = Graph.trace(names, types, ps -> {
      List<Node> a = new ArrayList<>(ps.subList(0, nC));
      a.addAll(ps.subList(nC + 2, ps.size()));
      List<Node> r = new ArrayList<>();
      r.add(Ir.add(ps.get(nC + 1), Ir.convert(Ir.constant(1.0), DType.I64)));
      r.addAll(bodyNl.call(a));
      return r;
    });
    List<Node> k = new ArrayList<>(consts);
    k.add(steps);
    List<Node> start = new ArrayList<>();
    start.add(Ir.convert(Ir.constant(0.0), DType.I64));
    start.addAll(init);
    List<Node> r = WhileLoop.build(c, b, k, start, 0);
    return r.subList(1, r.size());
  }

  private static List<Node> spread(Graph body, List<Integer> at, List<Node> ps) {
    Node[] a = new Node[body.arity()];
    for (int i = 0; i < body.arity(); i++) {
      a[i] = Ir.zeros(body.inputTypes().get(i)); // linear inputs: not read by the non-linear part
    }
    for (int k = 0; k < at.size(); k++) {
      a[at.get(k)] = ps.get(k);
    }
    return Arrays.asList(a);
  }

  private static List<TensorType> types(Graph body, List<Integer> at) {
    List<TensorType> r = new ArrayList<>();
    for (int i : at) {
      r.add(body.inputTypes().get(i));
    }
    return r;
  }

  private static List<String> names(Graph body, List<Integer> at, String suffix) {
    List<String> r = new ArrayList<>();
    for (int i : at) {
      r.add(body.inputNames().get(i) + suffix);
    }
    return r;
  }

  private static List<Node> inputs(Node node, List<Integer> at) {
    List<Node> r = new ArrayList<>();
    for (int i : at) {
      r.add(node.input(i));
    }
    return r;
  }
}
