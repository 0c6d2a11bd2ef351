package org.cotangent.processor;

import com.github.javaparser.ast.body.MethodDeclaration;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.tools.Diagnostic;
import org.cotangent.codegen.GeneratedMember;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.frontend.java.JavaSubsetException;
import org.cotangent.frontend.java.MethodReader;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.ir.Graph;

/**
 * Writes the derivatives of {@code @Differentiable} static methods at build time: for each class
 * with such methods, {@code <Class>Derivatives} in the same package (see {@link
 * DerivativesWriter}). Each method's body is read from its source file with JavaParser ({@link
 * SourceReader}) into IR ({@link MethodReader}), differentiated by the runtime's transformations
 * ({@link Derivatives}) and emitted by codegen's stages ({@link JavaEmitter#emitMember}). A
 * method outside the subset is a compile error at the construct; no exception escapes {@link
 * #process}. The annotation is claimed (unlike AutoValue's): it is ours alone, and an unclaimed
 * annotation is a warning under {@code -Xlint:processing}, which would fail {@code -Werror} builds.
 */
@SupportedAnnotationTypes({DifferentiableProcessor.ANNOTATION, DifferentiableProcessor.SHAPE})
public final class DifferentiableProcessor extends AbstractProcessor {
  static final String ANNOTATION = "org.cotangent.Differentiable";
  /** Read off the source by the frontend; claimed so that -Xlint:processing stays quiet. */
  static final String SHAPE = "org.cotangent.Shape";
  private static final String RT = "org.cotangent.codegen.Rt";

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement ann = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
    if (ann == null) {
      return false;
    }
    Map<TypeElement, List<ExecutableElement>> byClass = new LinkedHashMap<>();
    for (Element e : round.getElementsAnnotatedWith(ann)) {
      if (e.getKind() != ElementKind.METHOD) {
        continue;
      }
      ExecutableElement m = (ExecutableElement) e;
      if (!m.getModifiers().contains(Modifier.STATIC)) {
        error("[CotangentNotStatic] only static methods can be @Differentiable; make "
            + m.getSimpleName() + " static", m);
        continue;
      }
      TypeElement owner = (TypeElement) m.getEnclosingElement();
      byClass.computeIfAbsent(owner, k -> new ArrayList<>()).add(m);
    }
    for (Map.Entry<TypeElement, List<ExecutableElement>> c : byClass.entrySet()) {
      try {
        processClass(c.getKey(), c.getValue());
      } catch (RuntimeException ex) {
        StringWriter sw = new StringWriter();
        ex.printStackTrace(new PrintWriter(sw));
        error("[CotangentInternal] Cotangent's processor failed on " + c.getKey() + "; please"
            + " report this with the method: " + sw, c.getKey());
      }
    }
    return true;
  }

  private void processClass(TypeElement type, List<ExecutableElement> methods) {
    SourceReader reader = SourceReader.of(processingEnv);
    if (reader == null) {
      for (ExecutableElement m : methods) {
        error("[CotangentNoSource] @Differentiable needs the method's source: compile with javac"
            + " (or a tool that exposes com.sun.source trees)", m);
      }
      return;
    }
    if (type.getNestingKind() != NestingKind.TOP_LEVEL
        && type.getNestingKind() != NestingKind.MEMBER) {
      for (ExecutableElement m : methods) {
        error("[CotangentNested] @Differentiable methods must be in a top-level or member class",
            m);
      }
      return;
    }
    SourceReader.File file;
    Map<ExecutableElement, MethodDeclaration> decls = new LinkedHashMap<>();
    try {
      file = reader.read(type);
      for (ExecutableElement m : methods) {
        decls.put(m, file.declaration(m));
      }
    } catch (SourceReader.Unavailable u) {
      error("[CotangentNoSource] " + u.getMessage(), methods.get(0));
      return;
    }
    // Source order, so the output does not depend on the order javac reports elements in.
    List<ExecutableElement> ordered = new ArrayList<>(methods);
    ordered.sort(Comparator.comparingInt((ExecutableElement m) -> decls.get(m).getBegin().get().line)
        .thenComparingInt(m -> decls.get(m).getBegin().get().column));
    Map<String, MethodDeclaration> byName = new HashMap<>();
    boolean ok = true;
    for (ExecutableElement m : ordered) {
      MethodDeclaration d = decls.get(m);
      if (byName.put(m.getSimpleName().toString(), d) != null) {
        error("[CotangentOverload] overloaded @Differentiable methods are not supported: "
            + m.getSimpleName() + " is declared more than once; rename one", m);
        ok = false;
      }
    }
    MethodReader.Callees callees = (name, arity) -> {
      MethodDeclaration d = byName.get(name);
      return d != null && d.getParameters().size() == arity ? d : null;
    };
    List<DerivativesWriter.Method> out = new ArrayList<>();
    for (ExecutableElement m : ordered) {
      DerivativesWriter.Method w = method(m, decls.get(m), file, callees);
      ok &= w != null;
      if (w != null) {
        out.add(w);
      }
    }
    if (!ok) {
      return;
    }
    write(type, file, ordered, out);
  }

  /** The generated parts for {@code m}, or null after reporting why there are none. */
  private DerivativesWriter.Method method(ExecutableElement m, MethodDeclaration decl,
      SourceReader.File file, MethodReader.Callees callees) {
    AnnotationMirror mirror = mirror(m);
    List<String> params = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (VariableElement p : m.getParameters()) {
      params.add(p.getSimpleName().toString());
      types.add(p.asType().getKind() == TypeKind.DOUBLE ? "double" : p.asType().toString());
    }
    int[] wrt = wrt(m, mirror, params);
    Set<String> modes = modes(mirror);
    if (wrt == null) {
      return null;
    }
    Graph f;
    try {
      f = MethodReader.read(decl, file.name, file.text, callees);
    } catch (JavaSubsetException e) {
      file.error(m, e.line(), e.column(), "[CotangentUnsupported] " + e.getMessage());
      return null;
    }
    List<Boolean> isInt = new ArrayList<>();
    boolean plain = true;
    for (VariableElement p : m.getParameters()) {
      isInt.add(p.asType().getKind() == TypeKind.INT);
      plain &= p.asType().getKind() == TypeKind.DOUBLE;
    }
    if (!plain) {
      return sized(m, f, params, types, isInt, wrt, modes);
    }
    String name = m.getSimpleName().toString();
    DerivativesWriter.Method shape = new DerivativesWriter.Method(name, params, wrt,
        String.join(", ", types), null, null, null);
    if (!namesAreFree(m, shape)) {
      return null;
    }
    boolean reverse = modes.contains("REVERSE") || modes.contains("BOTH");
    boolean forward = modes.contains("FORWARD") || modes.contains("BOTH");
    List<String> gradFields = new ArrayList<>();
    gradFields.add("value");
    gradFields.addAll(shape.wrtNames());
    try {
      GeneratedMember grad = reverse ? JavaEmitter.emitMember(Derivatives.grad(f, wrt),
          name + "GradKernel", shape.gradClass(), gradFields) : null;
      GeneratedMember vjp = reverse ? JavaEmitter.emitMember(Derivatives.vjp(f, wrt,
          shape.cotangent()), name + "VjpKernel", shape.gradClass(), gradFields) : null;
      GeneratedMember jvp = forward ? JavaEmitter.emitMember(Derivatives.jvp(f, wrt,
          shape.tangents()), name + "JvpKernel", shape.jvpClass(), List.of("value", "tangent"))
          : null;
      for (GeneratedMember g : Arrays.asList(grad, vjp, jvp)) {
        if (g != null && g.imports().contains(RT)
            && processingEnv.getElementUtils().getTypeElement(RT) == null) {
          error("[CotangentClasspath] the derivatives of " + name + " call " + RT + " (for tanh"
              + " and other functions that have their own kernels); add the dependency"
              + " org.cotangent:cotangent-codegen to the project", m);
          return null;
        }
      }
      return new DerivativesWriter.Method(name, params, wrt, shape.signature, grad, vjp, jvp);
    } catch (IrException | IllegalArgumentException | UnsupportedOperationException e) {
      error("[CotangentDerivative] cannot differentiate " + name + ": " + e.getMessage(), m);
      return null;
    }
  }

  /**
   * A method with array or int parameters: its graph has symbolic sizes; the kernels take the
   * sizes first and flat arrays, and {@link Entry} writes the size reads, checks and copies.
   */
  private DerivativesWriter.Method sized(ExecutableElement m, Graph f, List<String> params,
      List<String> types, List<Boolean> isInt, int[] wrt, Set<String> modes) {
    String name = m.getSimpleName().toString();
    // wrt: the method's parameter indices; the graph's inputs skip the int parameters.
    List<Integer> graphIndex = new ArrayList<>();
    int next = 0;
    for (Boolean i : isInt) {
      graphIndex.add(i ? -1 : next++);
    }
    List<Integer> picked = new ArrayList<>();
    for (int a : wrt) {
      if (!isInt.get(a)) {
        picked.add(a);
      } else if (value(mirror(m), "wrt") != null
          && !((List<?>) value(mirror(m), "wrt").getValue()).isEmpty()) {
        error("[CotangentWrt] wrt names " + params.get(a) + ", an int parameter: a size, not"
            + " differentiated", m);
        return null;
      }
    }
    int[] own = picked.stream().mapToInt(Integer::intValue).toArray();
    int[] gwrt = picked.stream().mapToInt(graphIndex::get).toArray();
    DerivativesWriter.Method shape = new DerivativesWriter.Method(name, params, own,
        String.join(", ", types), null, null, null);
    if (!namesAreFree(m, shape)) {
      return null;
    }
    boolean reverse = modes.contains("REVERSE") || modes.contains("BOTH");
    boolean forward = modes.contains("FORWARD") || modes.contains("BOTH");
    String owner = m.getEnclosingElement().getSimpleName() + "." + name;
    try {
      Graph grad = Derivatives.grad(f, gwrt);
      Set<String> taken = new LinkedHashSet<>(List.of("into", shape.cotangent()));
      taken.addAll(shape.tangents());
      for (String p : params) {
        taken.add(p + "Flat");
        taken.add(p + "DotFlat");
      }
      for (String v : grad.sizeVars()) {
        if (taken.contains(v)) {
          error("[CotangentName] the size " + v + " of " + name + " has the name of a local or"
              + " parameter of the generated methods; rename it in @Shape", m);
          return null;
        }
      }
      Entry entry = new Entry(owner, params, isInt, f.inputTypes(), grad.sizeVars());
      DerivativesWriter.Method fields = new DerivativesWriter.Method(name, params, own,
          shape.signature, null, null, null, entry);
      GeneratedMember g = reverse ? JavaEmitter.emitMember(grad, name + "GradKernel",
          shape.gradClass(), fields.gradFields()) : null;
      GeneratedMember vjp = reverse ? JavaEmitter.emitMember(Derivatives.vjp(f, gwrt,
          shape.cotangent()), name + "VjpKernel", shape.gradClass(), fields.gradFields()) : null;
      GeneratedMember jvp = forward ? JavaEmitter.emitMember(Derivatives.jvp(f, gwrt,
          shape.tangents()), name + "JvpKernel", shape.jvpClass(), List.of("value", "tangent"))
          : null;
      for (GeneratedMember k : Arrays.asList(g, vjp, jvp)) {
        if (k != null && k.imports().contains(RT)
            && processingEnv.getElementUtils().getTypeElement(RT) == null) {
          error("[CotangentClasspath] the derivatives of " + name + " call " + RT + "; add the"
              + " dependency org.cotangent:cotangent-codegen to the project", m);
          return null;
        }
      }
      return new DerivativesWriter.Method(name, params, own, shape.signature, g, vjp, jvp, entry);
    } catch (IrException | IllegalArgumentException | UnsupportedOperationException e) {
      error("[CotangentDerivative] cannot differentiate " + name + ": " + e.getMessage(), m);
      return null;
    }
  }

  /** The generated methods' parameters and fields must not collide with each other. */
  private boolean namesAreFree(ExecutableElement m, DerivativesWriter.Method shape) {
    Set<String> taken = new LinkedHashSet<>(shape.params);
    List<String> added = new ArrayList<>(List.of("into", shape.cotangent()));
    added.addAll(shape.tangents());
    for (String a : added) {
      if (!taken.add(a)) {
        error("[CotangentName] a parameter of " + m.getSimpleName() + " is named " + a + ", which"
            + " the generated methods use for their own parameter; rename it", m);
        return false;
      }
    }
    if (shape.wrtNames().contains("value")) {
      error("[CotangentName] a differentiated parameter of " + m.getSimpleName() + " is named"
          + " value, which is the field of the value in " + shape.gradClass() + "; rename it", m);
      return false;
    }
    return true;
  }

  private AnnotationMirror mirror(ExecutableElement m) {
    for (AnnotationMirror a : m.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName()
          .contentEquals(ANNOTATION)) {
        return a;
      }
    }
    throw new IllegalStateException("no @Differentiable on " + m);
  }

  private static AnnotationValue value(AnnotationMirror a, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : a.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The indices of the {@code wrt} parameters, ascending; null after reporting a bad name. */
  private int[] wrt(ExecutableElement m, AnnotationMirror mirror, List<String> params) {
    AnnotationValue v = value(mirror, "wrt");
    if (v == null || ((List<?>) v.getValue()).isEmpty()) {
      int[] all = new int[params.size()];
      for (int k = 0; k < all.length; k++) {
        all[k] = k;
      }
      return all;
    }
    Set<Integer> picked = new TreeSet<>();
    for (Object o : (List<?>) v.getValue()) {
      AnnotationValue item = (AnnotationValue) o;
      String name = (String) item.getValue();
      int k = params.indexOf(name);
      if (k < 0) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "[CotangentWrt] wrt"
            + " names \"" + name + "\", which is not a parameter of " + m.getSimpleName() + "; its"
            + " parameters are " + String.join(", ", params), m, mirror, item);
        return null;
      }
      if (!picked.add(k)) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "[CotangentWrt] wrt"
            + " names \"" + name + "\" twice", m, mirror, item);
        return null;
      }
    }
    return picked.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Set<String> modes(AnnotationMirror mirror) {
    AnnotationValue v = value(mirror, "modes");
    Set<String> modes = new TreeSet<>();
    if (v == null) {
      modes.add("REVERSE");
      return modes;
    }
    for (Object o : (List<?>) v.getValue()) {
      modes.add(((VariableElement) ((AnnotationValue) o).getValue()).getSimpleName().toString());
    }
    return modes;
  }

  private void write(TypeElement type, SourceReader.File file, List<ExecutableElement> methods,
      List<DerivativesWriter.Method> out) {
    PackageElement pkg = processingEnv.getElementUtils().getPackageOf(type);
    String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    List<String> names = new ArrayList<>();
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      names.add(0, e.getSimpleName().toString());
    }
    String owner = String.join(".", names);
    String className = String.join("_", names) + "Derivatives";
    String text = DerivativesWriter.write(packageName, owner, className, file.name, out);
    List<Element> origins = new ArrayList<>();
    origins.add(type);
    origins.addAll(methods);
    String qualified = packageName.isEmpty() ? className : packageName + "." + className;
    try (Writer w = processingEnv.getFiler().createSourceFile(qualified,
        origins.toArray(new Element[0])).openWriter()) {
      w.write(text);
    } catch (IOException e) {
      error("[CotangentWrite] cannot write " + qualified + ": " + e.getMessage(), type);
    }
  }

  private void error(String message, Element at) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, at);
  }
}
