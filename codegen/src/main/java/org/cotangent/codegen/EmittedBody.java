package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ir.Constant;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;

/** What the class writer and its shell need of an emitted program: its graph, values and blocks. */
final class EmittedBody {
  final Graph graph;
  final Values values;
  final List<Block> blocks;
  final List<Node> constantNodes;

  EmittedBody(Graph graph, Values values, List<Block> blocks, List<Node> constantNodes) {
    this.graph = graph;
    this.values = values;
    this.blocks = blocks;
    this.constantNodes = constantNodes;
  }

  /** The non-uniform constants' data, in the order the class takes them. */
  List<Tensor> constants() {
    List<Tensor> r = new ArrayList<>();
    for (Node c : constantNodes) {
      r.add(((Constant) c.op()).value());
    }
    return r;
  }
}
