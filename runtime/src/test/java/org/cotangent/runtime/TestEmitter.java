package org.cotangent.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Node;
import org.cotangent.symbolic.ops.Constant;
import org.cotangent.symbolic.ops.IntegerPow;
import org.cotangent.symbolic.ops.Param;

/**
 * A deliberately small stand-in for the real emitter, for the API tests of this module until
 * {@code org.cotangent.codegen.JavaEmitter} is merged: real {@code f64} graphs of elementwise ops,
 * broadcasts of one element and sums to a scalar; one array per node, one loop per op. Anything
 * else throws {@link UnsupportedOperationException}.
 */
public final class TestEmitter {
  private TestEmitter() {}

  /** Installs a backend made of this emitter and {@code service}; returns the previous one. */
  public static Backend install(CompileService service) {
    return Backend.install(new Backend(TestEmitter::emit, service));
  }

  /** Restores a backend returned by {@link #install}. */
  public static void restore(Backend previous) {
    Backend.install(previous);
  }

  public static GeneratedSource emit(Graph g) {
    Map<Node, String> names = new IdentityHashMap<>();
    List<Tensor> constants = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (Node n : g.topoOrder()) {
      if (n.dtype() != DType.F64) {
        throw new UnsupportedOperationException("test emitter: " + n.type());
      }
      String v = "v" + names.size();
      names.put(n, v);
      int size = n.type().size();
      if (n.op() instanceof Param) {
        body.append("    final double[] ").append(v).append(" = in[")
            .append(((Param) n.op()).index()).append("];\n");
        continue;
      }
      if (n.op() instanceof Constant) {
        body.append("    final double[] ").append(v).append(" = k[").append(constants.size())
            .append("];\n");
        constants.add(((Constant) n.op()).value());
        continue;
      }
      body.append("    final double[] ").append(v).append(" = new double[").append(size)
          .append("];\n");
      String a = n.arity() > 0 ? at(names.get(n.input(0)), n.input(0)) : null;
      String b = n.arity() > 1 ? at(names.get(n.input(1)), n.input(1)) : null;
      String name = n.op().name();
      if (name.equals("reduce_sum")) {
        if (size != 1) {
          throw new UnsupportedOperationException("test emitter: partial sum " + n.op());
        }
        body.append("    for (int i = 0; i < ").append(n.input(0).type().size()).append("; i++) {\n")
            .append("      ").append(v).append("[0] += ").append(a).append(";\n    }\n");
        continue;
      }
      if (name.equals("broadcast_in_dim") && n.input(0).type().size() != 1) {
        throw new UnsupportedOperationException("test emitter: " + n.op());
      }
      String e;
      switch (name) {
        case "broadcast_in_dim": e = a; break;
        case "add": e = a + " + " + b; break;
        case "sub": e = a + " - " + b; break;
        case "mul": e = a + " * " + b; break;
        case "div": e = a + " / " + b; break;
        case "neg": e = "-" + a; break;
        case "square": e = a + " * " + a; break;
        case "reciprocal": e = "1.0 / " + a; break;
        case "logistic": e = "1.0 / (1.0 + Math.exp(-" + a + "))"; break;
        case "pow": e = "Math.pow(" + a + ", " + b + ")"; break;
        case "integer_pow": e = "ipow(" + a + ", " + ((IntegerPow) n.op()).exponent() + ")"; break;
        case "sin": case "cos": case "tan": case "exp": case "log": case "tanh": case "sqrt":
        case "sinh": case "cosh": case "log1p": case "expm1":
          e = "Math." + name + "(" + a + ")";
          break;
        default:
          throw new UnsupportedOperationException("test emitter: " + n.op());
      }
      body.append("    for (int i = 0; i < ").append(size).append("; i++) {\n")
          .append("      ").append(v).append("[i] = ").append(e).append(";\n    }\n");
    }
    List<TensorType> outTypes = new ArrayList<>();
    for (int j = 0; j < g.outputs().size(); j++) {
      Node o = g.output(j);
      outTypes.add(o.type());
      body.append("    System.arraycopy(").append(names.get(o)).append(", 0, out[").append(j)
          .append("], 0, ").append(o.type().size()).append(");\n");
    }
    String name = "Test_" + hash(body.toString());
    String text = "package org.cotangent.generated;\n\n"
        + "public final class " + name + " implements org.cotangent.codegen.Program {\n"
        + "  private final double[][] k;\n\n"
        + "  public " + name + "(double[][] constants) {\n    this.k = constants;\n  }\n\n"
        + "  private static double ipow(double x, int n) {\n"
        + "    if (n < 0) {\n      return 1.0 / ipow(x, -n);\n    }\n"
        + "    double result = 1.0;\n    double base = x;\n    int e = n;\n"
        + "    boolean first = true;\n"
        + "    while (e > 0) {\n"
        + "      if ((e & 1) != 0) {\n        result = first ? base : result * base;\n"
        + "        first = false;\n      }\n"
        + "      e >>= 1;\n      if (e > 0) {\n        base = base * base;\n      }\n    }\n"
        + "    return result;\n  }\n\n"
        + "  public void call(double[][] in, double[][] out) {\n"
        + body
        + "  }\n}\n";
    return new GeneratedSource("org.cotangent.generated", name, text, constants, g.inputTypes(),
        outTypes);
  }

  private static String at(String array, Node n) {
    return array + (n.type().size() == 1 ? "[0]" : "[i]");
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        sb.append(String.format("%02x", d[i]));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
