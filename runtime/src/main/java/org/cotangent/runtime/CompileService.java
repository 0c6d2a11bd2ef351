package org.cotangent.runtime;

import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.codehaus.commons.compiler.LocatedException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.SimpleCompiler;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.Program;
import org.cotangent.codegen.SizedProgram;

/**
 * Compiles generated sources in memory with Janino and caches the classes.
 *
 * <ul>
 *   <li><b>Janino API.</b> Only what Janino 3.1.9 also has (Apache Spark pins that version and
 *       loads it first on its executors): {@code new SimpleCompiler()}, {@code
 *       setParentClassLoader}, {@code cook(fileName, reader)}, {@code getClassLoader()}. One new
 *       compiler per class; a compiler is confined to the thread that cooks it.
 *   <li><b>Class loaders.</b> Each class is defined in its own loader (Janino makes one per cook)
 *       whose parent exposes only {@code java.*} and {@code org.cotangent.codegen.*}; so a class
 *       can be collected as soon as nothing uses it, and generated code sees nothing of the
 *       application.
 *   <li><b>Cache.</b> Keyed by the class name and a SHA-256 digest of the source; bounded (least
 *       recently used first out) and holding the classes through soft references, so it never pins
 *       them: a class lives as long as some {@link CompiledFunction} (or the cache, until memory is
 *       short) uses it. Concurrent requests for the same program wait for one compilation.
 *   <li><b>Failures.</b> Anything the compiler throws becomes a {@link CompilationFailedException}
 *       carrying the numbered source.
 * </ul>
 *
 * <p>Thread-safe. {@link #shared()} is the instance the public API uses; tests make their own to
 * count compilations.
 */
public final class CompileService {
  /** Default number of classes the cache keeps. */
  public static final int DEFAULT_CAPACITY = 1000;

  private static final System.Logger LOG = System.getLogger(CompileService.class.getName());
  private static final CompileService SHARED = new CompileService(DEFAULT_CAPACITY);

  private final LruCache<Key, Class<?>> cache;
  private final AtomicLong compileCount = new AtomicLong();
  private final AtomicLong compileNanos = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  public CompileService() {
    this(DEFAULT_CAPACITY);
  }

  /** A service whose cache keeps at most {@code capacity} classes. */
  public CompileService(int capacity) {
    this.cache = LruCache.soft(capacity);
  }

  /** The process-wide service (its cache holds classes softly, so it pins none). */
  public static CompileService shared() {
    return SHARED;
  }

  /** The compiled class of {@code source}, from the cache or compiled now. */
  public Class<? extends Program> compileClass(GeneratedSource source) {
    return implementing(source, Program.class);
  }

  /**
   * The compiled class of {@code source} for a graph with symbolic sizes (a {@link SizedProgram}),
   * from the cache or compiled now: one class for all sizes.
   */
  public Class<? extends SizedProgram> compileSizedClass(GeneratedSource source) {
    return implementing(source, SizedProgram.class);
  }

  private <T> Class<? extends T> implementing(GeneratedSource source, Class<T> contract) {
    requests.incrementAndGet();
    Class<?> c = cache.get(new Key(source), k -> compileNow(source));
    if (!contract.isAssignableFrom(c)) {
      throw new CompilationFailedException(source, "does not implement " + contract.getName(),
          -1, new ClassCastException(c.getName()));
    }
    return c.asSubclass(contract);
  }

  /** An instance of the compiled {@link SizedProgram} of {@code source}, with its constants. */
  public SizedProgram instantiateSized(GeneratedSource source) {
    Class<? extends SizedProgram> c = compileSizedClass(source);
    try {
      return c.getConstructor(double[][].class).newInstance((Object) source.constantArrays());
    } catch (InvocationTargetException e) {
      throw new CompilationFailedException(source, "failed in its constructor", -1, e.getCause());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new CompilationFailedException(source,
          "cannot be instantiated with a public constructor taking double[][]", -1, e);
    }
  }

  /** An instance of the compiled class of {@code source}, constructed with its constants. */
  public Program instantiate(GeneratedSource source) {
    Class<? extends Program> c = compileClass(source);
    try {
      Constructor<? extends Program> ctor = c.getConstructor(double[][].class);
      return ctor.newInstance((Object) source.constantArrays());
    } catch (InvocationTargetException e) {
      throw new CompilationFailedException(source, "failed in its constructor", -1, e.getCause());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new CompilationFailedException(source,
          "cannot be instantiated with a public constructor taking double[][]", -1, e);
    }
  }

  /** The compiled program of {@code source}, ready to call; input names default to x0, x1, .... */
  public CompiledFunction load(GeneratedSource source) {
    return load(source, null);
  }

  /**
   * The compiled program of {@code source}, ready to call, naming its arguments {@code
   * inputNames} in error messages (null for x0, x1, ...).
   */
  public CompiledFunction load(GeneratedSource source, List<String> inputNames) {
    return new CompiledFunction(source, instantiate(source), inputNames);
  }

  /** Number of compilations this service has run (cache misses), failed ones included. */
  public long compileCount() {
    return compileCount.get();
  }

  /** Total time spent compiling, in nanoseconds. */
  public long compileNanos() {
    return compileNanos.get();
  }

  /** Number of {@link #compileClass} requests, hits and misses. */
  public long requestCount() {
    return requests.get();
  }

  /** Number of entries in the cache (some of whose classes may have been collected). */
  public int cacheSize() {
    return cache.size();
  }

  /** A snapshot of this service's counters, with the Janino version in use. */
  public Stats stats() {
    long r = requests.get();
    long c = compileCount.get();
    return new Stats(c, r - c, compileNanos.get(), cache.size(), cache.capacity(), janinoVersion());
  }

  /**
   * The version of the Janino on the class path (which is not always ours: Spark's executors load
   * their own first), from its Maven metadata, or its bundle version, or "unknown".
   */
  public static String janinoVersion() {
    try (java.io.InputStream in = SimpleCompiler.class.getResourceAsStream(
        "/META-INF/maven/org.codehaus.janino/janino/pom.properties")) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null) {
          return v;
        }
      }
    } catch (java.io.IOException e) {
      // fall through to the package's own version
    }
    String v = SimpleCompiler.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /** The counters of a {@link CompileService} at one moment. */
  public static final class Stats {
    /** Compilations run (cache misses), failed ones included. */
    public final long compiles;
    /** Requests served from the cache. */
    public final long hits;
    /** Time spent compiling, in nanoseconds. */
    public final long compileNanos;
    /** Entries in the cache, and how many it keeps at most. */
    public final int size;
    public final int capacity;
    /** The Janino version in use. */
    public final String janinoVersion;

    Stats(long compiles, long hits, long compileNanos, int size, int capacity,
        String janinoVersion) {
      this.compiles = compiles;
      this.hits = hits;
      this.compileNanos = compileNanos;
      this.size = size;
      this.capacity = capacity;
      this.janinoVersion = janinoVersion;
    }

    @Override
    public String toString() {
      return String.format("%d compiles (%.1f ms), %d hits, %d of %d cached, Janino %s", compiles,
          compileNanos / 1e6, hits, size, capacity, janinoVersion);
    }
  }

  private Class<?> compileNow(GeneratedSource source) {
    long start = System.nanoTime();
    Class<?> c;
    try {
      SimpleCompiler compiler = new SimpleCompiler();
      compiler.setParentClassLoader(GeneratedCodeClassLoader.INSTANCE);
      compiler.cook(source.simpleName() + ".java", new StringReader(source.source()));
      c = compiler.getClassLoader().loadClass(source.qualifiedName());
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable t) {
      // CompileException, InternalCompilerException ("Code grows beyond 64 KB"), a class not
      // found under the expected name, or anything else: all are bugs of the emitter.
      throw new CompilationFailedException(source, "failed to compile", errorLine(t), t);
    } finally {
      long nanos = System.nanoTime() - start;
      compileCount.incrementAndGet();
      compileNanos.addAndGet(nanos);
      LOG.log(System.Logger.Level.DEBUG, () -> String.format("compiled %s (%d chars) in %.1f ms",
          source.qualifiedName(), source.source().length(), nanos / 1e6));
    }
    return c;
  }

  private static int errorLine(Throwable t) {
    for (Throwable e = t; e != null; e = e.getCause()) {
      if (e instanceof LocatedException) {
        Location loc = ((LocatedException) e).getLocation();
        if (loc != null) {
          return loc.getLineNumber();
        }
      }
    }
    return -1;
  }

  /** Class name plus a digest of the source: two different sources never share a class. */
  private static final class Key {
    final String className;
    final byte[] digest;
    final int hash;

    Key(GeneratedSource source) {
      this.className = source.qualifiedName();
      this.digest = sha256(source.source());
      this.hash = className.hashCode() * 31 + Arrays.hashCode(digest);
    }

    private static byte[] sha256(String s) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key
          && ((Key) o).className.equals(className)
          && Arrays.equals(((Key) o).digest, digest);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
