package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.PrimitiveTable;
import org.cotangent.symbolic.ad.Ad;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.text.IrReader;
import org.cotangent.symbolic.text.IrWriter;
import org.junit.jupiter.api.Test;

/**
 * A graph written as canonical text and read back is the same program: equal, and emitted as the
 * same Java source, for a graph of every primitive (one of them a call of a sub-graph) and their
 * gradients.
 */
class IrTextCodegenTest {
  @Test
  void aGraphReadBackCompilesToTheSameSource() {
    List<Graph> graphs = new ArrayList<>();
    for (PrimitiveTable.Case c : PrimitiveTable.allCases(2)) {
      graphs.add(c.graph());
      graphs.add(Ad.vjp(c.graph()));
    }
    for (Graph g : graphs) {
      String text = IrWriter.write(g);
      Graph back = IrReader.read(text);
      assertEquals(g, back, text);
      assertEquals(JavaEmitter.emit(g).source(), JavaEmitter.emit(back).source(), text);
    }
  }
}
