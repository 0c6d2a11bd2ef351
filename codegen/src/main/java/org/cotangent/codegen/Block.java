package org.cotangent.codegen;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ir.Origin;

/**
 * A piece of a method body, the unit of method splitting: its lines, the values it defines and
 * those it reads (in the order first read), and the source origin of its statement (null for a
 * fused loop, whose body names its own origins, or when none is recorded).
 */
final class Block {
  final JavaWriter text = new JavaWriter();
  final List<Node> defines = new ArrayList<>();
  final Set<Node> uses = new LinkedHashSet<>();
  Origin origin;
  /** True if the block calls a complex {@code Rt} helper, so its method declares the scratch pair. */
  boolean needsScratch;

  int lines() {
    return text.lineCount();
  }
}
