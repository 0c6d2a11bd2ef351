package org.cotangent;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cotangent.runtime.Backend;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.Tensor;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;
import org.cotangent.symbolic.text.IrReader;
import org.cotangent.symbolic.text.IrWriter;

/**
 * A function specialised to one signature, that can travel: to a file, or to another JVM (the
 * executors of a Spark job), where it is read back and compiled on its first call without being
 * traced or differentiated again ({@code jax.export} is the model). What travels is the canonical
 * IR text of its graph, never bytecode or Java source:
 *
 * <pre>
 * cotangent exported function, format 1
 * name: grad(loss)
 * signature: (f64[3], f64[])
 * ir-sha256: 5d0c...
 * source-sha256: 9a41...
 * { lambda w:f64[3] b:f64[] . let ... in ( ... ) }
 * </pre>
 *
 * <p>The reader rebuilds the graph through the primitive registry and checks, with a clear
 * {@link IrException} for each: the first line and the format version; that the IR has the
 * digest written beside it (so a form edited by hand or damaged on the way is refused) and the
 * signature's types; and that this Cotangent emits, from that IR, Java source with the digest the
 * writer's did (so a driver and its executors never run different code for one function).
 *
 * <p>{@link java.io.Serializable} through a serial form holding that text; {@link #text()} and
 * {@link #parse(String)} are the plain form for files. Compiled code is cached JVM-wide by its
 * source ({@link org.cotangent.runtime.CompileService#shared()}), so every copy of one exported
 * function read in one JVM shares one compilation. Thread-safe.
 */
public final class Exported implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The version of the text form this Cotangent writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final String MAGIC = "cotangent exported function, format ";

  private final String name;
  private final Graph graph;
  private final String text;
  private final transient Fn fn;

  private Exported(String name, Graph graph, String text) {
    this.name = name;
    this.graph = graph;
    this.text = text;
    this.fn = Fn.fromGraph(name, graph);
  }

  /** {@code f} specialised to arguments of the given types (traced and transformed now). */
  public static Exported of(Fn f, List<TensorType> signature) {
    Graph g = f.trace(signature);
    return new Exported(f.name(), g, write(f.name(), g));
  }

  /** {@link #of(Fn, List)} with the types inline. */
  public static Exported of(Fn f, TensorType... signature) {
    return of(f, Arrays.asList(signature));
  }

  /** Reads the text form written by {@link #text()}; see the class comment for its checks. */
  public static Exported parse(String text) {
    String[] lines = text.split("\n", 6);
    if (lines.length < 6 || !lines[0].startsWith(MAGIC)) {
      throw new IrException("not an exported Cotangent function: it must start with '" + MAGIC
          + FORMAT_VERSION + "'");
    }
    int version;
    try {
      version = Integer.parseInt(lines[0].substring(MAGIC.length()).strip());
    } catch (NumberFormatException e) {
      throw new IrException("exported function: bad format version '"
          + lines[0].substring(MAGIC.length()) + "'");
    }
    if (version != FORMAT_VERSION) {
      throw new IrException("exported function: format " + version + " cannot be read by this"
          + " Cotangent, which reads format " + FORMAT_VERSION + "; export it again with this"
          + " version");
    }
    String name = field(lines[1], "name");
    String signature = field(lines[2], "signature");
    String irDigest = field(lines[3], "ir-sha256");
    String sourceDigest = field(lines[4], "source-sha256");
    String ir = lines[5];
    if (!sha256(ir).equals(irDigest)) {
      throw new IrException("exported function " + name + ": its IR does not match its"
          + " ir-sha256 (the form was changed or damaged after it was written)");
    }
    Graph g;
    try {
      g = IrReader.read(ir);
    } catch (IrException e) {
      throw new IrException("exported function " + name + ": cannot read its IR: "
          + e.getMessage());
    }
    if (!signatureText(g.inputTypes()).equals(signature)) {
      throw new IrException("exported function " + name + ": the IR takes "
          + signatureText(g.inputTypes()) + " but the form says " + signature);
    }
    String here = sha256(Backend.current().emit(g).source());
    if (!here.equals(sourceDigest)) {
      throw new IrException("exported function " + name + " was written by a Cotangent that"
          + " generates different code for it (source-sha256 " + sourceDigest + ", here " + here
          + "); export it again with the version that reads it");
    }
    return new Exported(name, g, text);
  }

  private static String field(String line, String key) {
    String prefix = key + ": ";
    if (!line.startsWith(prefix)) {
      throw new IrException("exported function: expected a line '" + prefix + "...', got '"
          + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + "'");
    }
    return line.substring(prefix.length()).strip();
  }

  private static String write(String name, Graph g) {
    if (name.indexOf('\n') >= 0) {
      throw new IrException("an exported function's name cannot contain a line break");
    }
    String ir = IrWriter.write(g);
    return MAGIC + FORMAT_VERSION + "\n"
        + "name: " + name + "\n"
        + "signature: " + signatureText(g.inputTypes()) + "\n"
        + "ir-sha256: " + sha256(ir) + "\n"
        + "source-sha256: " + sha256(Backend.current().emit(g).source()) + "\n"
        + ir;
  }

  private static String signatureText(List<TensorType> types) {
    List<String> parts = new ArrayList<>();
    for (TensorType t : types) {
      parts.add(t.toString());
    }
    return "(" + String.join(", ", parts) + ")";
  }

  static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder();
      for (byte b : d) {
        sb.append(String.format("%02x", b));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The text form (for files): read back with {@link #parse(String)}. */
  public String text() {
    return text;
  }

  /** The exported function's name (for messages). */
  public String name() {
    return name;
  }

  /** The argument types this function is defined for. */
  public List<TensorType> signature() {
    return graph.inputTypes();
  }

  /** The types of its outputs. */
  public List<TensorType> outputTypes() {
    List<TensorType> out = new ArrayList<>();
    for (int k = 0; k < graph.outputs().size(); k++) {
      out.add(graph.output(k).type());
    }
    return out;
  }

  /** Its graph (the IR that travels). */
  public Graph graph() {
    return graph;
  }

  /**
   * This function as an {@link Fn} (defined for its signature only), to call or to transform
   * further ({@code Cotangent.grad(e.asFn())}).
   */
  public Fn asFn() {
    return fn;
  }

  /** Calls it (compiling on the first call in this JVM); arguments as {@link Fn#call}. */
  public List<Tensor> call(Object... args) {
    return fn.call(args);
  }

  /** Calls a function with one output. */
  public Tensor call1(Object... args) {
    return fn.call1(args);
  }

  @Override
  public String toString() {
    return "exported " + name + signatureText(graph.inputTypes());
  }

  private Object writeReplace() {
    return new Form(text);
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("an Exported function is read through its serial form");
  }

  /** The serial form: the text, checked again when it is read. */
  private static final class Form implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String text;

    Form(String text) {
      this.text = text;
    }

    private Object readResolve() throws InvalidObjectException {
      try {
        return parse(text);
      } catch (IrException e) {
        InvalidObjectException ex = new InvalidObjectException(e.getMessage());
        ex.initCause(e);
        throw ex;
      }
    }
  }
}
