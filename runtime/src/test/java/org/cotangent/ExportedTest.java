package org.cotangent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cotangent.frontend.Ops;
import org.cotangent.frontend.Sym;
import org.cotangent.runtime.Backend;
import org.cotangent.runtime.CompileService;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.runtime.FreshBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported functions: the text form and Java serialization round trips (same values bit for bit,
 * one compilation per JVM however many copies are read), another JVM that reads the form and
 * computes the same gradient, and a clear error for every kind of damaged or incompatible form.
 */
class ExportedTest {
  @RegisterExtension
  final FreshBackend backend = new FreshBackend();

  private static final TensorType V3 = TensorType.f64(3);
  private static final double[] X = {0.5, 1.0, 2.0};


  /** grad of sum(sin(x) * x): cos(x) x + sin(x). */
  private static Exported gradient() {
    return Cotangent.export(Cotangent.grad(Fn.of(x -> Ops.sum(Ops.sin(x).mul(x)))), V3);
  }

  private static void assertClosedForm(double[] g) {
    for (int i = 0; i < 3; i++) {
      assertEquals(Math.cos(X[i]) * X[i] + Math.sin(X[i]), g[i], 1e-15);
    }
  }

  private static byte[] serialize(Object o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static Object deserialize(byte[] b) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return in.readObject();
    }
  }

  @Test
  void theTextFormRoundTripsToTheSameValues() {
    Exported e = gradient();
    assertTrue(e.text().startsWith("cotangent exported function, format 1\nname: grad(f)\n"
        + "signature: (f64[3])\nir-sha256: "), e.text());
    Exported back = Exported.parse(e.text());
    assertEquals(e.text(), back.text());
    assertEquals(List.of(V3), back.signature());
    double[] g = back.call1((Object) X).toDoubleArray();
    assertClosedForm(g);
    assertArrayEquals(e.call1((Object) X).toDoubleArray(), g, 0.0);
  }

  @Test
  void javaSerializationRoundTripsAndCompilesOncePerJvm() throws Exception {
    Exported e = gradient();
    double[] g = e.call1((Object) X).toDoubleArray();
    assertEquals(1, backend.service().stats().compiles);
    byte[] bytes = serialize(e);
    for (int k = 0; k < 3; k++) {
      Exported copy = (Exported) deserialize(bytes);
      assertArrayEquals(g, copy.call1((Object) X).toDoubleArray(), 0.0);
    }
    CompileService.Stats s = backend.service().stats();
    assertEquals(1, s.compiles, s.toString());
    assertTrue(s.hits >= 3, s.toString());
    assertTrue(s.janinoVersion.matches("\\d+\\.\\d+\\.\\d+"), s.janinoVersion);
  }

  @Test
  void anotherJvmReadsTheFormAndComputesTheSameGradient(@TempDir Path dir) throws Exception {
    Exported e = gradient();
    Path file = dir.resolve("grad.cotangent");
    Files.writeString(file, e.text(), StandardCharsets.UTF_8);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), ExportedChild.class.getName(),
        file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    String[] lines = out.strip().split("\n");
    StringBuilder expected = new StringBuilder();
    for (double d : e.call1((Object) X).toDoubleArray()) {
      expected.append(Long.toHexString(Double.doubleToRawLongBits(d))).append(' ');
    }
    assertEquals(expected.toString().strip(), lines[lines.length - 2], out);
    // Two calls there, one compilation.
    assertEquals("compiles 1", lines[lines.length - 1], out);
  }

  @Test
  void complexAndLinearAlgebraTravelToo() {
    TensorType c33 = TensorType.of(DType.C128, 3, 3);
    Fn f = Fn.of(a -> {
      Sym l = Ops.cholesky(a);
      Sym d = l.sub(Ops.sin(l));
      return Ops.sum(d.mul(d));
    });
    Exported e = Exported.of(Cotangent.grad(f, Options.holomorphic()), c33);
    double[] a = {5, 0, 2, 3, 0, 5, 2, -3, 7, 0, 1, 7, 0, -5, 1, -7, 12, 0};
    Tensor x = Tensor.of(c33, a);
    assertArrayEquals(e.call1(x).unsafeData(), Exported.parse(e.text()).call1(x).unsafeData(), 0.0);
  }

  @Test
  void aChangedOrDamagedFormIsRefusedClearly() {
    String text = gradient().text();
    String[] lines = text.split("\n", 6);
    assertEquals("not an exported Cotangent function: it must start with 'cotangent exported"
        + " function, format 1'", assertThrows(IrException.class,
            () -> Exported.parse("{ lambda x:f64 . let in ( x ) }")).getMessage());
    assertTrue(assertThrows(IrException.class, () -> Exported.parse(text.replace("format 1",
        "format 2"))).getMessage().contains("format 2 cannot be read by this Cotangent, which"
        + " reads format 1"));
    // The IR edited (a constant changed, a primitive renamed): its digest no longer matches.
    String edited = text.replace("sin", "cos");
    assertTrue(assertThrows(IrException.class, () -> Exported.parse(edited)).getMessage()
        .contains("its IR does not match its ir-sha256"));
    // Edited and re-hashed, with a primitive that does not exist: the reader says so.
    String ir = lines[5].replace("sin", "sinn");
    String rehashed = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\nir-sha256: "
        + Exported.sha256(ir) + "\n" + lines[4] + "\n" + ir;
    String m = assertThrows(IrException.class, () -> Exported.parse(rehashed)).getMessage();
    assertTrue(m.startsWith("exported function grad(f): cannot read its IR: ") && m.contains("sinn"),
        m);
    // A signature that does not match the IR.
    assertTrue(assertThrows(IrException.class, () -> Exported.parse(text.replace(
        "signature: (f64[3])", "signature: (f64[4])"))).getMessage().contains(
        "the IR takes (f64[3]) but the form says (f64[4])"));
    // Code generation that differs from the writer's.
    String otherSource = text.replace(lines[4], "source-sha256: " + "0".repeat(64));
    assertTrue(assertThrows(IrException.class, () -> Exported.parse(otherSource)).getMessage()
        .contains("was written by a Cotangent that generates different code for it"));
    assertTrue(assertThrows(IrException.class, () -> Exported.parse(text.replace("name: ",
        "nom: "))).getMessage().contains("expected a line 'name: ...'"));
  }

  @Test
  void damagedSerialBytesAreAnInvalidObject() throws Exception {
    byte[] bytes = serialize(gradient());
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = s.indexOf("sin");
    assertTrue(at > 0);
    bytes[at] = 'c';
    bytes[at + 1] = 'o';
    bytes[at + 2] = 's';
    byte[] damaged = bytes;
    InvalidObjectException e = assertThrows(InvalidObjectException.class,
        () -> deserialize(damaged));
    assertTrue(e.getMessage().contains("ir-sha256"), e.getMessage());
  }

  @Test
  void callsAreCheckedAgainstTheSignature() {
    IrException e = assertThrows(IrException.class,
        () -> gradient().call((Object) new double[] {1, 2}));
    assertTrue(e.getMessage().contains("defined for arguments [f64[3]]"), e.getMessage());
  }

  @Test
  void tensorsAndTypesSerialize() throws Exception {
    List<Object> values = new ArrayList<>(List.of(Tensor.of(new double[][] {{1, 2}, {3, -0.0}}),
        Tensor.complexScalar(3, -4), Tensor.scalar(Double.NaN), TensorType.of(DType.C128, 2, 0)));
    for (Object v : values) {
      Object back = deserialize(serialize(v));
      assertEquals(v.toString(), back.toString());
      if (v instanceof Tensor) {
        assertArrayEquals(((Tensor) v).unsafeData(), ((Tensor) back).unsafeData(), 0.0);
        assertEquals(((Tensor) v).type(), ((Tensor) back).type());
      } else {
        assertEquals(v, back);
      }
    }
  }
}
