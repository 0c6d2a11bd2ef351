package org.cotangent.runtime;

import org.cotangent.codegen.Program;

/**
 * The parent class loader of every generated class: it exposes the {@code java.*} classes and the
 * classes of the package {@code org.cotangent.codegen} ({@link Program} and the runtime helpers
 * generated code calls), and nothing else of the application. Generated code therefore cannot see
 * (or be confused by) user classes, Janino, or the rest of Cotangent, and a generated class can
 * never be shadowed by an application class of the same name (Janino's loaders delegate
 * parent-first).
 *
 * <p>{@code jdk.internal.reflect.*} is visible too: on JDK 17 the reflection that constructs a
 * generated class spins an accessor class, defined under the generated class's loader, that
 * extends {@code jdk.internal.reflect.ConstructorAccessorImpl} (generated code itself cannot use
 * those classes: {@code java.base} does not export them).
 *
 * <p>The loader itself holds no generated class (each is defined in its own child loader by
 * Janino), so sharing one instance pins nothing.
 */
final class GeneratedCodeClassLoader extends ClassLoader {
  static final GeneratedCodeClassLoader INSTANCE = new GeneratedCodeClassLoader();

  private static final String CODEGEN_PACKAGE = "org.cotangent.codegen.";
  private static final String REFLECTION_PACKAGE = "jdk.internal.reflect.";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader platform = ClassLoader.getPlatformClassLoader();
  private final ClassLoader codegen = Program.class.getClassLoader();

  private GeneratedCodeClassLoader() {
    super("cotangent-generated-parent", null);
  }

  /** Whether generated code may refer to the class named {@code name} (a binary name). */
  static boolean isVisible(String name) {
    return name.startsWith("java.") || name.startsWith(REFLECTION_PACKAGE)
        || (name.startsWith(CODEGEN_PACKAGE) && name.indexOf('.', CODEGEN_PACKAGE.length()) < 0);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith("java.") || name.startsWith(REFLECTION_PACKAGE)) {
      return platform.loadClass(name);
    }
    if (isVisible(name)) {
      return codegen.loadClass(name);
    }
    throw new ClassNotFoundException(name + " (generated code sees only java.* and "
        + CODEGEN_PACKAGE + "*)");
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    throw new ClassNotFoundException(name);
  }
}
