package org.cotangent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.nodeTypes.NodeWithJavadoc;
import com.github.javaparser.ast.nodeTypes.modifiers.NodeWithPublicModifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type and every public or protected member of the Java API has a Javadoc comment
 * (issue 13: "Javadoc for every public type and method of the API"). Javadoc's own doclint group
 * {@code missing} would also demand an {@code @param} and {@code @return} on every method, which
 * the house style does not write where the sentence already says it; this test asks for the
 * comment. The API is what a user's code names: the package {@code org.cotangent} and its {@code
 * interop} package, the annotations, the traced value {@code Sym} and its operations {@code Ops},
 * and the value types {@code Tensor}, {@code TensorType}, {@code Shape}, {@code DType} and {@code
 * Dim}. Overrides ({@code @Override}) inherit their comment, and members of a type that is not
 * public are not API.
 */
class ApiJavadocTest {
  private static final Path ROOT = Path.of("..");

  private static List<Path> apiSources() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir :
        List.of(
            "runtime/src/main/java/org/cotangent",
            "runtime/src/main/java/org/cotangent/interop",
            "annotations/src/main/java/org/cotangent")) {
      try (Stream<Path> s = Files.list(ROOT.resolve(dir))) {
        s.filter(p -> p.toString().endsWith(".java"))
            .filter(p -> !p.getFileName().toString().equals("package-info.java"))
            .sorted()
            .forEach(files::add);
      }
    }
    for (String file :
        List.of(
            "frontend/src/main/java/org/cotangent/frontend/Sym.java",
            "frontend/src/main/java/org/cotangent/frontend/Ops.java",
            "symbolic/src/main/java/org/cotangent/symbolic/Tensor.java",
            "symbolic/src/main/java/org/cotangent/symbolic/TensorType.java",
            "symbolic/src/main/java/org/cotangent/symbolic/Shape.java",
            "symbolic/src/main/java/org/cotangent/symbolic/DType.java",
            "symbolic/src/main/java/org/cotangent/symbolic/Dim.java")) {
      files.add(ROOT.resolve(file));
    }
    return files;
  }

  @Test
  void everyPublicTypeAndMemberOfTheApiHasAComment() throws IOException {
    JavaParser parser =
        new JavaParser(
            new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    List<Path> files = apiSources();
    assertTrue(files.size() >= 20, "found only " + files.size() + " API sources under " + ROOT);
    List<String> missing = new ArrayList<>();
    for (Path file : files) {
      ParseResult<CompilationUnit> r = parser.parse(file);
      assertTrue(r.isSuccessful(), file + ": " + r.getProblems());
      CompilationUnit cu = r.getResult().orElseThrow();
      for (TypeDeclaration<?> t : cu.getTypes()) {
        if (t.isPublic()) {
          check(t, file, missing);
        }
      }
    }
    assertEquals(
        List.of(), missing, "public API without a Javadoc comment (" + missing.size() + ")");
  }

  /**
   * An exported type and its exported members: public ones, protected ones, and every member of
   * an interface that is not private; nested types recursively.
   */
  private static void check(TypeDeclaration<?> t, Path file, List<String> missing) {
    require(t, t.getNameAsString(), file, missing);
    boolean inInterface = t.isClassOrInterfaceDeclaration()
        && t.asClassOrInterfaceDeclaration().isInterface();
    for (BodyDeclaration<?> m : t.getMembers()) {
      if (m instanceof TypeDeclaration<?> nested) {
        if (nested.isPublic() || inInterface || nested.isProtected()) {
          check(nested, file, missing);
        }
        continue;
      }
      if (m.getAnnotationByName("Override").isPresent()) {
        continue;
      }
      boolean visible = inInterface && !isPrivate(m) || isPublicOrProtected(m);
      if (!visible) {
        continue;
      }
      if (m instanceof CallableDeclaration<?> c) {
        if (t instanceof RecordDeclaration && c.isConstructorDeclaration()) {
          continue; // a record's canonical-form constructor is documented by the record's @param
        }
        require(m, t.getNameAsString() + "." + c.getDeclarationAsString(false, false, false),
            file, missing);
      } else if (m instanceof FieldDeclaration f) {
        require(m, t.getNameAsString() + "." + f.getVariable(0).getNameAsString(), file, missing);
      }
    }
    if (t.isEnumDeclaration()) {
      for (EnumConstantDeclaration e : t.asEnumDeclaration().getEntries()) {
        require(e, t.getNameAsString() + "." + e.getNameAsString(), file, missing);
      }
    }
  }

  private static boolean isPrivate(BodyDeclaration<?> m) {
    return m instanceof com.github.javaparser.ast.nodeTypes.modifiers.NodeWithPrivateModifier<?> p
        && p.isPrivate();
  }

  private static boolean isPublicOrProtected(BodyDeclaration<?> m) {
    boolean pub = m instanceof NodeWithPublicModifier<?> p && p.isPublic();
    boolean prot =
        m instanceof com.github.javaparser.ast.nodeTypes.modifiers.NodeWithProtectedModifier<?> p
            && p.isProtected();
    return pub || prot;
  }

  private static void require(Node n, String what, Path file, List<String> missing) {
    boolean has = n instanceof NodeWithJavadoc<?> d && d.getJavadocComment().isPresent();
    if (!has) {
      int line = n.getBegin().map(p -> p.line).orElse(0);
      missing.add(ROOT.relativize(file) + ":" + line + ": " + what);
    }
  }
}
