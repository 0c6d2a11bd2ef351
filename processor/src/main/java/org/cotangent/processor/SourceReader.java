package org.cotangent.processor;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/**
 * Where a method's source comes from (STYLE part E): javac's Tree API only locates it ({@link
 * Trees#getPath} gives the compilation unit, its file and the method's start), JavaParser parses
 * the whole file, and the method is the {@link MethodDeclaration} that starts where javac's does:
 * real file positions, no offset arithmetic. Errors found in JavaParser's tree are reported on
 * the javac tree at the same position ({@link Trees#printMessage}), so the compiler shows the
 * file, line and column of the construct.
 */
final class SourceReader {
  /** Why a method's source cannot be read: a message for the method's element. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  private final Trees trees;
  private final ProcessingEnvironment env;

  private SourceReader(Trees trees, ProcessingEnvironment env) {
    this.trees = trees;
    this.env = env;
  }

  /** Null if the compiler exposes no {@code com.sun.source} trees (not javac, or wrapped). */
  static SourceReader of(ProcessingEnvironment env) {
    try {
      return new SourceReader(Trees.instance(env), env);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A parsed source file and javac's view of it. */
  final class File {
    final CompilationUnitTree unit;
    final CompilationUnit parsed;
    final String text;
    final String name;

    File(CompilationUnitTree unit, CompilationUnit parsed, String text, String name) {
      this.unit = unit;
      this.parsed = parsed;
      this.text = text;
      this.name = name;
    }

    /** The JavaParser declaration of {@code method}, which is in this file. */
    MethodDeclaration declaration(ExecutableElement method) throws Unavailable {
      TreePath path = trees.getPath(method);
      if (path == null) {
        throw new Unavailable("@Differentiable needs the source of " + method.getSimpleName()
            + ", which the compiler does not have");
      }
      long start = trees.getSourcePositions().getStartPosition(unit, path.getLeaf());
      LineMap lines = unit.getLineMap();
      long line = lines.getLineNumber(start);
      long column = start - lines.getStartPosition(line) + 1;
      for (MethodDeclaration m : parsed.findAll(MethodDeclaration.class)) {
        if (m.getBegin().isPresent() && m.getBegin().get().line == line
            && m.getBegin().get().column == column) {
          return m;
        }
      }
      throw new Unavailable("cannot find the source of " + method.getSimpleName() + " at " + name
          + ":" + line + ":" + column + " in JavaParser's reading of the file");
    }

    /**
     * Reports {@code message} at {@code line:column} (1-based, as JavaParser counts, a tab one
     * column): on the innermost javac tree of {@code method} that starts there, else on the
     * method with the position in the text.
     */
    void error(ExecutableElement method, int line, int column, String message) {
      Tree at = treeAt(method, line, column);
      if (at != null) {
        trees.printMessage(Diagnostic.Kind.ERROR, message, at, unit);
      } else {
        env.getMessager().printMessage(Diagnostic.Kind.ERROR, name + ":" + line + ":" + column
            + ": " + message, method);
      }
    }

    private Tree treeAt(ExecutableElement method, int line, int column) {
      TreePath path = trees.getPath(method);
      if (path == null || line < 1) {
        return null;
      }
      long offset;
      try {
        offset = unit.getLineMap().getStartPosition(line) + column - 1;
      } catch (IndexOutOfBoundsException e) {
        return null;
      }
      SourcePositions positions = trees.getSourcePositions();
      Tree[] found = new Tree[1];
      new TreePathScanner<Void, Void>() {
        @Override
        public Void scan(Tree tree, Void p) {
          if (tree != null && positions.getStartPosition(unit, tree) == offset) {
            // Pre-order: the last tree found starting here is the innermost.
            found[0] = tree;
          }
          return super.scan(tree, p);
        }
      }.scan(path, null);
      return found[0];
    }
  }

  /** The file that holds {@code e}, parsed. */
  File read(Element e) throws Unavailable {
    TreePath path = trees.getPath(e);
    if (path == null) {
      throw new Unavailable("@Differentiable needs the source of " + e.getSimpleName()
          + ", which the compiler does not have (a class file, or source generated without a"
          + " file)");
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    String text;
    try {
      text = unit.getSourceFile().getCharContent(true).toString();
    } catch (IOException | UnsupportedOperationException ex) {
      throw new Unavailable("cannot read the source file of " + e.getSimpleName() + ": " + ex);
    }
    String uri = unit.getSourceFile().toUri().getPath();
    String name = uri == null ? unit.getSourceFile().getName() : uri;
    name = name.substring(name.lastIndexOf('/') + 1);
    ParserConfiguration config = new ParserConfiguration().setLanguageLevel(level(env));
    ParseResult<CompilationUnit> r = new JavaParser(config).parse(text);
    if (!r.isSuccessful() || r.getResult().isEmpty()) {
      List<Problem> ps = r.getProblems();
      throw new Unavailable("JavaParser cannot read " + name + ": "
          + (ps.isEmpty() ? "no result" : ps.get(0).getVerboseMessage()));
    }
    return new File(unit, r.getResult().get(), text, name);
  }

  /** JavaParser's language level for the compilation's source version (17 up to the newest). */
  private static ParserConfiguration.LanguageLevel level(ProcessingEnvironment env) {
    SourceVersion v = env.getSourceVersion();
    int n = v.ordinal();
    for (int k = n; k >= 17; k--) {
      try {
        return ParserConfiguration.LanguageLevel.valueOf("JAVA_" + k);
      } catch (IllegalArgumentException e) {
        // Newer than JavaParser knows: try the release before.
      }
    }
    return ParserConfiguration.LanguageLevel.JAVA_17;
  }
}
