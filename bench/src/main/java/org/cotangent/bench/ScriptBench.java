package org.cotangent.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.codegen.Program;
import org.cotangent.runtime.CompileService;
import org.cotangent.script.ScriptSession;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cookbook's products as the cookbook writes them, in the script language, rebuilding the
 * transformation on every call (issue 12 item 2): the HVP {@code jvp(grad(f))} of {@code
 * sum(tanh(X)**2)} (X 30x40), and the vmapped matrix-Jacobian and Jacobian-matrix products of
 * {@code predict(W, b, inputs)} over 128 covectors / vectors. Each against the prepared program:
 * the same computation traced once as a function of its arrays, compiled, and called directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScriptBench {
  static final String SCRIPT = String.join("\n",
      "def sigmoid(x) = 0.5 * (tanh(x / 2) + 1)",
      "def predict(W, b, inputs) = sigmoid(dot(inputs, W) + b)",
      "inputs = array([[0.52, 1.12,  0.77], [0.88, -1.08, 0.15], [0.52, 0.06, -1.30],"
          + " [0.74, -2.49, 1.39]])",
      "W = normal(1, (3,))",
      "b = normal(2, ())",
      "def hvp(f, primals, tangents) = jvp(grad(f), primals, tangents)[1]",
      "def g(X) = sum(tanh(X) ** 2)",
      "X = normal(7, (30, 40))",
      "V = normal(8, (30, 40))",
      "def hvp_call() = hvp(g, (X,), (V,))",
      "def hvp_of(X, V) = hvp(g, (X,), (V,))",
      "f = lambda W: predict(W, b, inputs)",
      "def vmap_mjp(f, x, M) {",
      "  y, vjp_fun = vjp(f, x)",
      "  outs, = vmap(vjp_fun)(M)",
      "  return outs",
      "}",
      "def vmap_jmp(f, W, M) {",
      "  _jvp = lambda s: jvp(f, (W,), (s,))[1]",
      "  return vmap(_jvp)(M)",
      "}",
      "U = normal(9, (128, 4))",
      "S = normal(10, (128, 3))",
      "def mjp_call() = vmap_mjp(f, W, U)",
      "def mjp_of(W, U) = vmap_mjp(f, W, U)",
      "def jmp_call() = vmap_jmp(f, W, S)",
      "def jmp_of(W, S) = vmap_jmp(f, W, S)",
      "");

  ScriptSession session;
  Program hvp;
  double[][] hvpIn;
  double[][] hvpOut;
  Program mjp;
  double[][] mjpIn;
  double[][] mjpOut;
  Program jmp;
  double[][] jmpIn;
  double[][] jmpOut;

  static Program compile(Graph g) {
    return CompileService.shared().instantiate(JavaEmitter.emit(g));
  }

  static double[][] outputs(Graph g) {
    double[][] out = new double[g.outputs().size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = new double[g.output(j).type().size() * g.output(j).dtype().width()];
    }
    return out;
  }

  @Setup
  public void setup() {
    session = new ScriptSession(new PrintStream(new ByteArrayOutputStream()), false);
    session.run(SCRIPT, "bench.ct");
    TensorType x = TensorType.f64(30, 40);
    Graph h = session.trace("hvp_of", List.of(x, x));
    hvp = compile(h);
    hvpIn = new double[][] {Tensor.normal(7, x).toDoubleArray(), Tensor.normal(8, x).toDoubleArray()};
    hvpOut = outputs(h);
    Graph m = session.trace("mjp_of", List.of(TensorType.f64(3), TensorType.f64(128, 4)));
    mjp = compile(m);
    mjpIn = new double[][] {new double[3], new double[128 * 4]};
    mjpOut = outputs(m);
    Graph j = session.trace("jmp_of", List.of(TensorType.f64(3), TensorType.f64(128, 3)));
    jmp = compile(j);
    jmpIn = new double[][] {new double[3], new double[128 * 3]};
    jmpOut = outputs(j);
  }

  @Benchmark
  public ScriptSession hvpScript() {
    session.callFunction("hvp_call");
    return session;
  }

  @Benchmark
  public double[][] hvpPrepared() {
    hvp.call(hvpIn, hvpOut);
    return hvpOut;
  }

  @Benchmark
  public ScriptSession mjpScript() {
    session.callFunction("mjp_call");
    return session;
  }

  @Benchmark
  public double[][] mjpPrepared() {
    mjp.call(mjpIn, mjpOut);
    return mjpOut;
  }

  @Benchmark
  public ScriptSession jmpScript() {
    session.callFunction("jmp_call");
    return session;
  }

  @Benchmark
  public double[][] jmpPrepared() {
    jmp.call(jmpIn, jmpOut);
    return jmpOut;
  }
}
