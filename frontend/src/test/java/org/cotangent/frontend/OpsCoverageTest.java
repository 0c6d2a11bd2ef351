package org.cotangent.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The tracing API is one vocabulary (issue 13 item 3): every operation of {@link Np} over nodes
 * has an {@link Ops} function of the same name over {@link Sym}s, so users never need {@code Node}.
 */
class OpsCoverageTest {
  private static Class<?> asSym(Class<?> c) {
    if (c == Node.class) {
      return Sym.class;
    }
    if (c == Node[].class) {
      return Sym[].class;
    }
    return c;
  }

  @Test
  void everyNpOperationHasAnOpsFunction() {
    List<String> missing = new ArrayList<>();
    for (Method m : Np.class.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() != Np.class) {
        continue;
      }
      boolean overNodes = m.getReturnType() == Node.class || m.getReturnType() == Node[].class
          || Arrays.stream(m.getParameterTypes()).anyMatch(c -> c == Node.class
              || c == Node[].class);
      if (!overNodes || m.getName().equals("scalar")) {
        continue;
      }
      Class<?>[] params = Arrays.stream(m.getParameterTypes()).map(OpsCoverageTest::asSym)
          .toArray(Class<?>[]::new);
      try {
        Method o = Ops.class.getMethod(m.getName(), params);
        assertEquals(asSym(m.getReturnType()), o.getReturnType(), m.toString());
      } catch (NoSuchMethodException e) {
        missing.add(m.getName() + Arrays.toString(params));
      }
    }
    assertEquals(List.of(), missing, "Np operations without an Ops function");
  }

  @Test
  void opsFunctionsTraceTheSameNodesAsNp() {
    Sym x = Sym.array(0.25, 0.5);
    Sym y = Sym.array(2.0, -1.0);
    assertEquals(Np.arctan2(x.node(), y.node()), Ops.arctan2(x, y).node());
    assertEquals(Np.mul(x.node(), y.node()), Ops.mul(x, y).node());
    assertEquals(Np.stack(x.node(), y.node()), Ops.stack(x, y).node());
  }
}
