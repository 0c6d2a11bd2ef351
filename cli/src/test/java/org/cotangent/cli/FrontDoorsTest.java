package org.cotangent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cotangent.Cotangent;
import org.cotangent.Fn;
import org.cotangent.Options;
import org.cotangent.Pytrees;
import org.cotangent.codegen.Program;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three front doors (the Java API, the script language, the command line's {@code gen}) run
 * one implementation of each transformation (issue 13 item 1): one table of cases, each run
 * through all three, which must give the same numbers, or, for a mistake, the same message.
 */
class FrontDoorsTest {
  /**
   * One case: {@code f} as a script definition and as a Java lambda, a transformation with its
   * argnums (null: the default), the arguments (as script literals, Java values and --args
   * types), and either no error or the fragment every door's message must contain.
   */
  record Case(String name, String def, Fn java, String transform, int[] argnums,
      String scriptArgs, List<Object> javaArgs, String types, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final double[] X = {0.3, -1.2, 0.8};
  private static final double Y = 0.7;
  private static final String X_LIT = "array([0.3, -1.2, 0.8]), 0.7";
  private static final String XY_TYPES = "x=f64[3],y=f64";

  private static final Fn SIN_XY = Fn.of((x, y) -> Ops.sum(Ops.sin(x).mul(y)));
  private static final Fn TANH_XY = Fn.of((x, y) -> Ops.tanh(x.mul(y)));
  private static final Fn CUBIC = Fn.of((x, y) -> Ops.sum(x.mul(x).mul(x)).mul(y).mul(y));
  private static final Fn DICT_IN = Fn.tree((java.util.Map<String, Sym> p) ->
      Ops.sum(Ops.sin(p.get("a")).mul(p.get("b"))));
  private static final Fn DICT_OUT = Fn.of((x, y) -> java.util.Map.of("a", Ops.sin(x).mul(y),
      "b", Ops.sum(x.mul(x))));
  /** Keys written out of order (b before a): every door flattens them sorted, as JAX. */
  private static final Fn DICT_BA = Fn.tree((java.util.Map<String, Sym> p) ->
      Ops.sum(Ops.sin(p.get("b")).mul(p.get("a"))));
  private static final Fn DICT_OUT_BA = Fn.of((x, y) -> unsorted("b", Ops.sin(x).mul(y),
      "a", Ops.sum(x.mul(x))));
  private static final Fn DICT_VMAP = Fn.tree((java.util.Map<String, Sym> p) ->
      unsorted("y", p.get("b").mul(p.get("a")), "x", Ops.sum(p.get("b"))));
  private static final String BA_LIT = "{\"b\": array([0.3, -1.2, 0.8]), \"a\": 0.7}";

  /** A map iterating in the order given. */
  static java.util.Map<String, Object> unsorted(Object... kv) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Case> cases() {
    String sin = "def f(x, y) = sum(sin(x) * y)";
    String tanh = "def f(x, y) = tanh(x * y)";
    String cubic = "def f(x, y) = sum(x * x * x) * y * y";
    return Stream.of(
        new Case("grad default argnums", sin, SIN_XY, "grad", null, X_LIT, List.of(X, Y),
            XY_TYPES, null),
        new Case("grad argnums (0, 1)", sin, SIN_XY, "grad", new int[] {0, 1}, X_LIT,
            List.of(X, Y), XY_TYPES, null),
        new Case("value_and_grad argnums 1", sin, SIN_XY, "value_and_grad", new int[] {1}, X_LIT,
            List.of(X, Y), XY_TYPES, null),
        new Case("jacfwd", tanh, TANH_XY, "jacfwd", null, X_LIT, List.of(X, Y), XY_TYPES, null),
        new Case("jacrev argnums (0, 1)", tanh, TANH_XY, "jacrev", new int[] {0, 1}, X_LIT,
            List.of(X, Y), XY_TYPES, null),
        new Case("hessian argnums (0, 1)", cubic, CUBIC, "hessian", new int[] {0, 1}, X_LIT,
            List.of(X, Y), XY_TYPES, null),
        new Case("grad of a dict of parameters", "def f(p) = sum(sin(p[\"a\"]) * p[\"b\"])",
            DICT_IN, "grad", null, "{\"a\": array([0.3, -1.2, 0.8]), \"b\": 0.7}",
            List.of(java.util.Map.of("a", X, "b", Y)), null, null),
        new Case("jacfwd of a dict result", "def f(x, y) = {\"a\": sin(x) * y, \"b\": sum(x * x)}",
            DICT_OUT, "jacfwd", new int[] {0, 1}, X_LIT, List.of(X, Y), null, null),
        new Case("grad of a dict with keys out of order",
            "def f(p) = sum(sin(p[\"b\"]) * p[\"a\"])", DICT_BA, "grad", null, BA_LIT,
            List.of(unsorted("b", X, "a", Y)), null, null),
        new Case("jacrev of a dict result with keys out of order",
            "def f(x, y) = {\"b\": sin(x) * y, \"a\": sum(x * x)}", DICT_OUT_BA, "jacrev",
            new int[] {0, 1}, X_LIT, List.of(X, Y), null, null),
        new Case("vmap with an in_axes dict prefix, keys out of order",
            "def f(p) = {\"y\": p[\"b\"] * p[\"a\"], \"x\": sum(p[\"b\"])}", DICT_VMAP,
            "vmap_dict", null, "{\"b\": array([[0.3, -1.2, 0.8], [0.1, 0.2, 0.3]]), \"a\": 0.7}",
            List.of(unsorted("b", new double[][] {{0.3, -1.2, 0.8}, {0.1, 0.2, 0.3}}, "a", Y)),
            null, null),
        new Case("vmap with in_axes (0, None)", tanh, TANH_XY, "vmap", null,
            "array([[0.3, -1.2, 0.8], [0.1, 0.2, 0.3]]), 0.7",
            List.of(new double[][] {{0.3, -1.2, 0.8}, {0.1, 0.2, 0.3}}, Y), null, null),
        new Case("vmap of inconsistent sizes", tanh, TANH_XY, "vmap_all", null,
            "array([0.3, -1.2, 0.8]), array([0.7, 0.1])",
            List.of(X, new double[] {0.7, 0.1}), null,
            "vmap(f) got inconsistent sizes for the mapped axes: argument 0"),
        new Case("grad of a vector output", tanh, TANH_XY, "grad", null, X_LIT, List.of(X, Y),
            XY_TYPES, "grad requires a scalar output, got f64[3]"),
        new Case("argnums out of range", sin, SIN_XY, "grad", new int[] {2}, X_LIT,
            List.of(X, Y), XY_TYPES, "argnums 2 is out of range for f, which takes 2 arguments"),
        new Case("hessian argnums out of range", cubic, CUBIC, "hessian", new int[] {5}, X_LIT,
            List.of(X, Y), XY_TYPES, "argnums 5 is out of range for f, which takes 2 arguments"));
  }

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void oneImplementationBehindEveryDoor(Case c) throws Exception {
    if (c.error() != null) {
      IrException e = assertThrows(IrException.class, () -> viaJava(c));
      assertTrue(e.getMessage().contains(c.error()), "Java: " + e.getMessage());
      Cli.Result s = Cli.run("run", script(c));
      assertNotEquals(0, s.code(), s.toString());
      assertTrue(s.err().contains(c.error()), "script: " + s);
      if (c.types() != null) {
        Cli.Result g = gen(c);
        assertNotEquals(0, g.code(), g.toString());
        assertTrue(g.err().contains(c.error()), "gen: " + g);
      }
      return;
    }
    List<double[]> java = viaJava(c);
    double[] javaFlat = concat(java);
    double[] scriptFlat = viaScript(c);
    assertClose(javaFlat, scriptFlat, "script vs Java");
    if (c.types() != null) {
      // gen takes flat arguments (--args) and returns flat outputs.
      double[] genFlat = concat(viaGen(c, java));
      assertClose(javaFlat, genFlat, "gen vs Java");
    }
  }

  private static Options options(Case c) {
    return c.argnums() == null ? Options.defaults() : Options.argnums(c.argnums());
  }

  private static List<double[]> viaJava(Case c) {
    Fn t = switch (c.transform()) {
      case "grad" -> Cotangent.grad(c.java(), options(c));
      case "value_and_grad" -> Cotangent.valueAndGrad(c.java(), options(c));
      case "jacfwd" -> Cotangent.jacfwd(c.java(), options(c));
      case "jacrev" -> Cotangent.jacrev(c.java(), options(c));
      case "hessian" -> Cotangent.hessian(c.java(), options(c));
      case "vmap" -> Cotangent.vmap(c.java(), java.util.Arrays.asList(0, null), 0);
      case "vmap_all" -> Cotangent.vmap(c.java());
      case "vmap_dict" -> Cotangent.vmap(c.java(),
          List.of(unsorted("a", null, "b", 0)), 0);
      default -> throw new IllegalArgumentException(c.transform());
    };
    Object r = t.applyArgs(c.javaArgs());
    List<double[]> leaves = new ArrayList<>();
    for (Object leaf : Pytrees.leaves(r)) {
      leaves.add(leaf instanceof Sym s ? s.toDoubles() : leaf instanceof Tensor te
          ? te.toDoubleArray() : leaf instanceof double[] d ? d
          : new double[] {((Number) leaf).doubleValue()});
    }
    return leaves;
  }

  private String script(Case c) {
    String name = c.transform().startsWith("vmap") ? "vmap" : c.transform();
    String extra = switch (c.transform()) {
      case "vmap" -> ", in_axes=(0, None)";
      case "vmap_dict" -> ", in_axes=({\"a\": None, \"b\": 0},)";
      default -> "";
    };
    String call = name + "(f" + extra + (c.argnums() == null ? "" : ", argnums="
        + (c.argnums().length == 1 ? Integer.toString(c.argnums()[0])
            : "(" + String.join(", ", java.util.Arrays.stream(c.argnums())
                .mapToObj(Integer::toString).toList()) + ")")) + ")(" + c.scriptArgs() + ")";
    return Cli.file(dir, "case.ct", c.def() + "\nprint(" + call + ")\n");
  }

  private double[] viaScript(Case c) {
    Cli.Result r = Cli.run("run", script(c), "--json");
    assertEquals(0, r.code(), r.toString());
    return jsonData(r.out());
  }

  private Cli.Result gen(Case c) {
    String file = Cli.file(dir, "def.ct", c.def() + "\n");
    List<String> args = new ArrayList<>(List.of("gen", file, "--fn", "f", "--args", c.types(),
        "--transform", c.transform(), "--class", "Door", "--package", ""));
    if (c.argnums() != null) {
      args.add("--argnums");
      args.add(String.join(",", java.util.Arrays.stream(c.argnums())
          .mapToObj(Integer::toString).toList()));
    }
    return Cli.run(args.toArray(new String[0]));
  }

  private List<double[]> viaGen(Case c, List<double[]> shapes) throws Exception {
    Cli.Result r = gen(c);
    assertEquals(0, r.code(), r.toString());
    Program p = GenGraphTest.compile(r.out(), "Door");
    double[][] in = new double[c.javaArgs().size()][];
    for (int i = 0; i < in.length; i++) {
      Object a = c.javaArgs().get(i);
      in[i] = a instanceof double[] d ? d : new double[] {((Number) a).doubleValue()};
    }
    double[][] out = new double[shapes.size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new double[shapes.get(j).length];
    }
    p.call(in, out);
    return List.of(out);
  }

  /** Both doors flatten one dict pytree to the same leaves, in sorted key order. */
  @org.junit.jupiter.api.Test
  void theScriptAndJavaFlattenADictInOneOrder() {
    Cli.Result r = Cli.run("run", Cli.file(dir, "leaves.ct", "print(tree_leaves({\"c\": [3.0,"
        + " {\"z\": 4.0, \"y\": 5.0}], \"b\": 1.0, \"a\": array([2.0, 2.5])}))\n"), "--json");
    assertEquals(0, r.code(), r.toString());
    List<Object> java = Pytrees.leaves(unsorted("c", List.of(3.0, unsorted("z", 4.0, "y", 5.0)),
        "b", 1.0, "a", new double[] {2.0, 2.5}));
    List<Double> javaFlat = new ArrayList<>();
    for (Object leaf : java) {
      if (leaf instanceof double[] d) {
        for (double x : d) {
          javaFlat.add(x);
        }
      } else {
        javaFlat.add(((Number) leaf).doubleValue());
      }
    }
    // a, b, c[0], c[1]["y"], c[1]["z"].
    assertEquals(List.of(2.0, 2.5, 1.0, 3.0, 5.0, 4.0), javaFlat);
    assertClose(javaFlat.stream().mapToDouble(Double::doubleValue).toArray(), jsonData(r.out()),
        "script vs Java leaves");
  }

  /** The numbers of every {"shape": ..., "data": [...]} in {@code out}, in the printed order. */
  private static double[] jsonData(String out) {
    Matcher m = Pattern.compile("\"data\": \\[([^\\]]*)\\]").matcher(out);
    List<Double> v = new ArrayList<>();
    while (m.find()) {
      for (String x : m.group(1).split(",")) {
        if (!x.isBlank()) {
          v.add(Double.parseDouble(x.strip()));
        }
      }
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] concat(List<double[]> parts) {
    return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  private static void assertClose(double[] want, double[] got, String what) {
    assertEquals(want.length, got.length, what + ": number of values");
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])), what + " [" + i + "]");
    }
  }
}
