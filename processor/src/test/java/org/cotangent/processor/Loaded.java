package org.cotangent.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** The classes of a successful compilation, loaded, with reflective calls of static methods. */
final class Loaded extends ClassLoader {
  private final Map<String, byte[]> classes = new HashMap<>();

  Loaded(Compilation c) {
    super(Loaded.class.getClassLoader());
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
          path.length() - ".class".length()).replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] b = classes.get(name);
    if (b == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, b, 0, b.length);
  }

  /** Calls static method {@code name} of {@code className} on doubles (private ones too). */
  Object call(String className, String name, double... args) {
    try {
      Class<?> c = loadClass(className);
      Class<?>[] types = new Class<?>[args.length];
      Object[] boxed = new Object[args.length];
      for (int k = 0; k < args.length; k++) {
        types[k] = double.class;
        boxed[k] = args[k];
      }
      Method m = c.getDeclaredMethod(name, types);
      m.setAccessible(true);
      return m.invoke(null, boxed);
    } catch (ReflectiveOperationException e) {
      Throwable t = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new AssertionError("calling " + className + "." + name + ": " + t, t);
    }
  }

  static double field(Object holder, String name) {
    try {
      return holder.getClass().getField(name).getDouble(holder);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
