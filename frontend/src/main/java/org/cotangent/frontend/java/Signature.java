package org.cotangent.frontend.java;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;

/**
 * A method's parameters as graph inputs: {@code double} is {@code f64[]}, {@code double[]} is
 * {@code f64[s]} and {@code double[][]} is {@code f64[r, c]} with symbolic sizes, and {@code int}
 * is a size (no input: it names one of the arrays' sizes). Size names come from {@code
 * @Shape("m,n")} on the parameter, else one per axis after the parameter: {@code wLength} for
 * {@code double[] w}, {@code xRows} and {@code xCols} for {@code double[][] x} (a digit is
 * appended while the name is taken by a parameter or another size).
 */
final class Signature {
  /** The inputs: names, types, and the rank of each (0 for double). */
  final List<String> names = new ArrayList<>();
  final List<TensorType> types = new ArrayList<>();
  /** The int parameters: name to size. */
  final Map<String, Dim> sizes = new LinkedHashMap<>();
  /** Array parameters: name to rank. */
  final Map<String, Integer> arrays = new LinkedHashMap<>();

  private Signature() {}

  static Signature of(MethodDeclaration m) {
    Signature s = new Signature();
    List<Parameter> ps = m.getParameters();
    Set<String> paramNames = new LinkedHashSet<>();
    Set<String> intParams = new LinkedHashSet<>();
    for (Parameter p : ps) {
      paramNames.add(p.getNameAsString());
      if (isInt(p.getType())) {
        intParams.add(p.getNameAsString());
      }
    }
    // Sizes named by @Shape first, so default names avoid them.
    Set<String> taken = new LinkedHashSet<>(paramNames);
    Map<Parameter, String[]> named = new LinkedHashMap<>();
    for (int k = 0; k < ps.size(); k++) {
      Parameter p = ps.get(k);
      int rank = rank(p, k);
      String[] shape = shapeAnnotation(p, rank, paramNames, intParams);
      if (shape != null) {
        named.put(p, shape);
        for (String n : shape) {
          taken.add(n);
        }
      }
    }
    for (int k = 0; k < ps.size(); k++) {
      Parameter p = ps.get(k);
      int rank = rank(p, k);
      String name = p.getNameAsString();
      if (isInt(p.getType())) {
        continue;
      }
      String[] shape = named.get(p);
      if (shape == null) {
        shape = new String[rank];
        String[] suffix = rank == 1 ? new String[] {"Length"} : new String[] {"Rows", "Cols"};
        for (int a = 0; a < rank; a++) {
          shape[a] = fresh(name + suffix[a], taken);
          taken.add(shape[a]);
        }
      }
      Dim[] dims = new Dim[rank];
      for (int a = 0; a < rank; a++) {
        dims[a] = Dim.var(shape[a]);
      }
      s.names.add(name);
      s.types.add(TensorType.of(DType.F64, Shape.of(dims)));
      if (rank > 0) {
        s.arrays.put(name, rank);
      }
    }
    for (Parameter p : ps) {
      if (isInt(p.getType())) {
        String name = p.getNameAsString();
        // An int that is no array's size (a step count) is a size variable of its own: the
        // generated entry checks it >= 0, the kernel takes it (Graph.freeSizeVars).
        s.sizes.put(name, Dim.var(name));
      }
    }
    return s;
  }

  private static String fresh(String base, Set<String> taken) {
    String n = base;
    for (int k = 2; taken.contains(n); k++) {
      n = base + k;
    }
    return n;
  }

  /** 0 for double and int, 1 for double[], 2 for double[][]; anything else is an error. */
  private static int rank(Parameter p, int k) {
    Type t = p.getType();
    if (!p.isVarArgs()) {
      if (MethodReader.isDouble(t) || isInt(t)) {
        return 0;
      }
      if (t.isArrayType()) {
        Type c = t.asArrayType().getComponentType();
        if (MethodReader.isDouble(c)) {
          return 1;
        }
        if (c.isArrayType() && MethodReader.isDouble(c.asArrayType().getComponentType())) {
          return 2;
        }
      }
    }
    String type = t + (p.isVarArgs() ? "..." : "");
    throw MethodReader.error(p, type + " parameters are not supported: " + type + " "
        + p.getNameAsString() + " (parameter " + (k + 1) + "); only double, double[], double[][]"
        + " and int (a size) are");
  }

  static boolean isInt(Type t) {
    return t.isPrimitiveType() && t.asPrimitiveType().getType().asString().equals("int");
  }

  /** The names of {@code @Shape("...")} on {@code p}, checked, or null without one. */
  private static String[] shapeAnnotation(Parameter p, int rank, Set<String> params,
      Set<String> intParams) {
    for (AnnotationExpr a : p.getAnnotations()) {
      String n = a.getNameAsString();
      if (!n.equals("Shape") && !n.equals("org.cotangent.Shape")) {
        continue;
      }
      if (rank == 0) {
        throw MethodReader.error(a, "@Shape is for array parameters; " + p.getNameAsString()
            + " is a " + p.getType());
      }
      if (!(a instanceof SingleMemberAnnotationExpr)
          || !(((SingleMemberAnnotationExpr) a).getMemberValue() instanceof StringLiteralExpr)) {
        throw MethodReader.error(a, "@Shape takes one string literal of size names, as"
            + " @Shape(\"m,n\")");
      }
      String text = ((StringLiteralExpr) ((SingleMemberAnnotationExpr) a).getMemberValue())
          .asString();
      String[] names = text.split(",", -1);
      if (names.length != rank) {
        throw MethodReader.error(a, "@Shape(\"" + text + "\") names " + names.length + " size"
            + (names.length == 1 ? "" : "s") + " but " + p.getNameAsString() + " has " + rank
            + " ax" + (rank == 1 ? "is" : "es"));
      }
      for (int k = 0; k < names.length; k++) {
        names[k] = names[k].trim();
        String s = names[k];
        if (!SourceVersion.isIdentifier(s) || SourceVersion.isKeyword(s) || s.contains("$")) {
          throw MethodReader.error(a, "@Shape(\"" + text + "\"): '" + s + "' is not a size name"
              + " (a Java identifier without $)");
        }
        if (params.contains(s) && !intParams.contains(s)) {
          throw MethodReader.error(a, "@Shape(\"" + text + "\"): size " + s + " has the name of"
              + " a parameter that is not an int; rename one");
        }
      }
      return names;
    }
    return null;
  }
}
