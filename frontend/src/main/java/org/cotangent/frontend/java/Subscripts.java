package org.cotangent.frontend.java;

import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.Dim;
import org.cotangent.symbolic.Dims;
import org.cotangent.symbolic.Ir;
import org.cotangent.symbolic.Np;
import org.cotangent.symbolic.Shape;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Node;

/**
 * Array element reads, traced on whole arrays. Inside loops over sizes ({@link SizeLoops}) a
 * value is a node whose axes are the enclosing loops' indices, outermost first (a {@code double}
 * outside loops is a scalar); {@code a[i + c]} is the slice of {@code a} that the loop's trip
 * reads, {@code x[i][j]} a slice on both axes, transposed and broadcast into the loop nest's
 * shape; a position that is a size ({@code a[0]}, {@code a[n - 1]}) is a slice of one. Every
 * read is proven inside the array from the sizes ({@link Dims#geq}); when it cannot be, the read
 * is rejected, naming the sizes to share with {@code @Shape}.
 */
final class Subscripts {
  private final MethodReader reader;

  Subscripts(MethodReader reader) {
    this.reader = reader;
  }

  /** One subscript: a loop index plus a constant, or a position (a size expression). */
  static final class Sub {
    final SizeLoops.Frame loop;
    final int offset;
    final Dim position;

    Sub(SizeLoops.Frame loop, int offset, Dim position) {
      this.loop = loop;
      this.offset = offset;
      this.position = position;
    }
  }

  /** The base name and subscripts of {@code a[e1][e2]}, outermost axis first. */
  static String base(ArrayAccessExpr e, List<Expression> subs) {
    Expression x = e;
    List<Expression> rev = new ArrayList<>();
    while (x instanceof ArrayAccessExpr) {
      rev.add(((ArrayAccessExpr) x).getIndex());
      x = ((ArrayAccessExpr) x).getName();
    }
    while (x instanceof EnclosedExpr) {
      x = ((EnclosedExpr) x).getInner();
    }
    if (!(x instanceof NameExpr)) {
      throw MethodReader.error(e, "only reads of array parameters and local arrays are"
          + " supported: " + e);
    }
    for (int k = rev.size() - 1; k >= 0; k--) {
      subs.add(rev.get(k));
    }
    return ((NameExpr) x).getNameAsString();
  }

  /** The value of the element read {@code e}, in the current loop nest's shape. */
  Node read(ArrayAccessExpr e, MethodReader.Env env) {
    Node step = reader.recurrences.stepRead(e);
    if (step != null) {
      return step; // a[i + c] in a recurrence's body: the scan's step of that slice
    }
    List<Expression> subs = new ArrayList<>();
    String name = base(e, subs);
    Integer rank = reader.arrayRank(name);
    if (rank == null) {
      throw MethodReader.error(e, name + " is not an array: " + e);
    }
    if (subs.size() != rank) {
      throw MethodReader.error(e, e + " is a row of " + name + ", not a number; only elements"
          + " (" + name + "[i][j]) can be read");
    }
    SizeLoops.Frame writer = reader.sizeLoops.writerOf(name);
    if (writer != null) {
      throw MethodReader.error(e, "reading " + name + " inside the loop that writes it is not"
          + " supported; read it in a later loop");
    }
    Node arr = env.get(name);
    if (arr == null) {
      throw MethodReader.error(e, name + " is not an array here: " + e);
    }
    Shape shape = arr.type().shape();
    Dim[] start = new Dim[rank];
    Dim[] limit = new Dim[rank];
    Dim[] low = new Dim[rank];
    Dim[] high = new Dim[rank];
    boolean padded = false;
    List<SizeLoops.Frame> labels = new ArrayList<>();
    List<Dim> kept = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      Sub s = subscript(subs.get(a), env);
      Dim len = shape.extent(a);
      low[a] = Dim.of(0);
      high[a] = Dim.of(0);
      if (s.loop == null) {
        start[a] = s.position;
        limit[a] = s.position.plus(1);
        require(Dims.geq(s.position, Dim.of(0)), e, subs.get(a) + " may be negative");
        require(Dims.geq(len, s.position.plus(1)), e, "cannot prove that " + e + " is inside "
            + name + ": " + subs.get(a) + " needs " + axis(name, rank, a) + " >= "
            + s.position.plus(1) + " and it is " + len + "; read elements inside a loop over the"
            + " size instead");
        continue;
      }
      if (labels.contains(s.loop)) {
        throw MethodReader.error(subs.get(a), e + " uses the index " + s.loop.index + " twice"
            + " (a diagonal); not supported yet");
      }
      labels.add(s.loop);
      SizeLoops.Frame f = s.loop;
      Dim from = f.start.plus(s.offset);
      if (f.maskFrom != null && s.offset < 0) {
        // The trip starts before the first index Java runs (masked out): pad, never read outside.
        if (f.maskFrom + s.offset < 0) {
          throw MethodReader.error(subs.get(a), e + " reads " + name + " at "
              + (f.maskFrom + s.offset) + " when " + f.index + " = " + f.maskFrom);
        }
        low[a] = Dim.of(-s.offset);
        padded = true;
        from = Dim.of(0);
      }
      Dim to = f.start.plus(f.trip).plus(s.offset);
      require(Dims.geq(from, Dim.of(0)), subs.get(a), "cannot prove that " + e + " stays inside "
          + name + ": " + subs.get(a) + " starts at " + f.start.plus(s.offset));
      require(Dims.geq(len, to), subs.get(a), "cannot prove that " + e + " stays inside " + name
          + ": " + subs.get(a) + " goes up to " + to.minus(1) + " and " + axis(name, rank, a)
          + " is " + len + "; give the sizes the same name with @Shape");
      start[a] = from;
      limit[a] = from.plus(f.trip);
      kept.add(f.trip);
    }
    Node x = padded ? Ir.pad(arr, low, high) : arr;
    Node r = Ir.slice(x, start, limit);
    r = Ir.reshape(r, Shape.of(kept.toArray(new Dim[0])));
    // Axes in loop order (outermost first), then broadcast into the nest.
    int[] perm = new int[labels.size()];
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      order.add(k);
    }
    order.sort((p, q) -> Integer.compare(labels.get(p).depth, labels.get(q).depth));
    int[] dims = new int[labels.size()];
    boolean identity = true;
    for (int k = 0; k < perm.length; k++) {
      perm[k] = order.get(k);
      identity &= perm[k] == k;
      dims[k] = labels.get(order.get(k)).depth - 1;
    }
    if (!identity) {
      r = Ir.transpose(r, perm);
    }
    Shape nest = reader.sizeLoops.nest(reader.sizeLoops.depth());
    if (dims.length == nest.rank()) {
      return r;
    }
    return Ir.broadcastInDim(r, nest, dims);
  }

  private static String axis(String name, int rank, int a) {
    return rank == 1 ? name + ".length" : a == 0 ? name + ".length" : name + "[0].length";
  }

  static void require(Dims.Answer a, com.github.javaparser.ast.Node at, String message) {
    if (a != Dims.Answer.TRUE) {
      throw MethodReader.error(at, message);
    }
  }

  /** {@code i}, {@code i + c}, {@code i - c}, {@code c + i} or a size expression. */
  Sub subscript(Expression e, MethodReader.Env env) {
    while (e instanceof EnclosedExpr) {
      e = ((EnclosedExpr) e).getInner();
    }
    if (!e.findAll(ArrayAccessExpr.class).isEmpty()) {
      throw MethodReader.error(e, "data-dependent index " + e + " is not supported: an index"
          + " read from an array (gather) is not in the subset yet");
    }
    SizeLoops.Frame f = index(e);
    if (f != null) {
      return new Sub(f, 0, null);
    }
    if (e instanceof BinaryExpr) {
      BinaryExpr b = (BinaryExpr) e;
      SizeLoops.Frame l = index(Syntax.strip(b.getLeft()));
      SizeLoops.Frame r = index(Syntax.strip(b.getRight()));
      boolean plus = b.getOperator() == BinaryExpr.Operator.PLUS;
      boolean minus = b.getOperator() == BinaryExpr.Operator.MINUS;
      if ((l != null || r != null) && (plus || minus)) {
        if (l != null && r != null) {
          throw MethodReader.error(e, "index " + e + " adds two loop indices; not supported");
        }
        Integer c = reader.expressions.intConstant(l != null ? b.getRight() : b.getLeft());
        if (c == null) {
          throw MethodReader.error(e, "index " + e + ": the offset of a loop index must be an int"
              + " constant");
        }
        if (r != null && minus) {
          throw MethodReader.error(e, "index " + e + " runs backwards (a reversed index); not"
              + " supported yet");
        }
        return new Sub(l != null ? l : r, minus ? -c : c, null);
      }
    }
    if (mentionsIndex(e)) {
      throw MethodReader.error(e, "strided index " + e + " is not supported: only i + c with an"
          + " int constant c");
    }
    return new Sub(null, 0, reader.expressions.size(e, env, "an array index"));
  }

  private SizeLoops.Frame index(Expression e) {
    return e instanceof NameExpr ? reader.sizeLoops.frame(((NameExpr) e).getNameAsString()) : null;
  }

  private boolean mentionsIndex(Expression e) {
    for (NameExpr n : e.findAll(NameExpr.class)) {
      if (reader.sizeLoops.frame(n.getNameAsString()) != null) {
        return true;
      }
    }
    return false;
  }

  /** {@code (double) i}: the loop index as a number, in the nest's shape. */
  Node indexValue(SizeLoops.Frame f, Expression at) {
    if (!f.start.isConstant()) {
      throw MethodReader.error(at, "the index " + f.index + " of a loop starting at " + f.start
          + " cannot be used as a number yet (only loops from an int constant)");
    }
    Node iota = Ir.iota(TensorType.of(DType.F64, reader.sizeLoops.nest(reader.sizeLoops.depth())),
        f.depth - 1);
    long s = f.start.constantTerm();
    return s == 0 ? iota : Np.add(iota, Np.scalar(s));
  }
}
