package org.cotangent.frontend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import java.util.List;
import org.cotangent.symbolic.Interpreter;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.ir.Origin;
import org.junit.jupiter.api.Test;

/**
 * The Java-source reader on its own: the graph of a method computes what the method computes
 * (checked by the reference interpreter against the same Java run here), names its values after
 * the locals, gives them the statements' origins, and rejects what it cannot read at the
 * construct's position.
 */
class MethodReaderTest {
  static final String SOURCE = String.join("\n",
      "final class M {",
      "  static double f(double x, double y) {",
      "    double s = x;",
      "    s *= y + 1 / 2;",
      "    if (x > y) {",
      "      s = s - Math.cos(y);",
      "    }",
      "    for (int i = 0; i <= 3; i++) {",
      "      s += (double) i / 4 * x;",
      "    }",
      "    return x < -1 ? s : g(s) + 2.5f;",
      "  }",
      "  static double g(double u) {",
      "    return u * u;",
      "  }",
      "  static double bad(double x) {",
      "    return x + \"a\".length();",
      "  }",
      "}");

  static double f(double x, double y) {
    double s = x;
    s *= y + 1 / 2;
    if (x > y) {
      s = s - Math.cos(y);
    }
    for (int i = 0; i <= 3; i++) {
      s += (double) i / 4 * x;
    }
    return x < -1 ? s : g(s) + 2.5f;
  }

  static double g(double u) {
    return u * u;
  }

  static CompilationUnit unit() {
    return new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse(SOURCE).getResult()
        .orElseThrow();
  }

  static MethodDeclaration method(CompilationUnit cu, String name) {
    return cu.findAll(MethodDeclaration.class).stream()
        .filter(m -> m.getNameAsString().equals(name)).findFirst().orElseThrow();
  }

  static Graph read(String name) {
    CompilationUnit cu = unit();
    return MethodReader.read(method(cu, name), "M.java", SOURCE,
        (n, arity) -> n.equals("g") && arity == 1 ? method(cu, "g") : null);
  }

  @Test
  void theGraphComputesWhatTheMethodComputes() {
    Graph g = read("f");
    for (double[] p : new double[][] {{0.3, -0.2}, {-2, 1}, {1.5, 4}, {-0.5, -0.7}}) {
      List<Tensor> out = Interpreter.eval(g, Tensor.scalar(p[0]), Tensor.scalar(p[1]));
      assertEquals(f(p[0], p[1]), out.get(0).item(), 1e-13 * Math.max(1, Math.abs(f(p[0], p[1]))));
    }
    assertEquals(List.of("x", "y"), g.inputNames());
    assertEquals("f", g.outputName(0));
  }

  @Test
  void valuesCarryTheirStatementsOrigin() {
    Graph g = read("f");
    Origin o = g.originOf(g.output(0));
    assertEquals("M.java", o.pos().file());
    assertEquals(11, o.pos().line());
    assertTrue(o.pos().lineText().contains("return x < -1"), o.toString());
  }

  @Test
  void outsideTheSubsetIsAnErrorAtTheConstruct() {
    JavaSubsetException e = assertThrows(JavaSubsetException.class, () -> read("bad"));
    assertEquals(17, e.line());
    assertEquals(16, e.column());
    assertTrue(e.getMessage().startsWith("calls to \"a\".length are not supported"), e.getMessage());
  }
}
