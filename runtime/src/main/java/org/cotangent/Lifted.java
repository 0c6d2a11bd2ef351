package org.cotangent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.TensorType;
import org.cotangent.symbolic.ir.Graph;

/**
 * A transformation of a function, lifted to pytrees: for each structure of the arguments, the
 * flat transformation of the function's flat form, with the rule for the result's structure.
 * Every transformation of {@link Cotangent} is one of these, so each is written once, over flat
 * lists of arrays.
 */
final class Lifted extends Fn {
  /** The transformation for one structure of the arguments. */
  @FunctionalInterface
  interface Rule {
    Specialized apply(List<Treedef> argDefs, Specialized inner);
  }

  private final Fn f;
  private final Rule rule;

  Lifted(String name, Fn f, Rule rule) {
    super(name, f.argNames());
    this.f = f;
    this.rule = rule;
  }

  @Override
  protected Graph traceUncached(List<TensorType> argTypes) {
    return specialize(Specialized.leafArgs(arity())).flat().trace(argTypes);
  }

  @Override
  Specialized specializeUncached(List<Treedef> argDefs) {
    checkArity(argDefs.size());
    return rule.apply(argDefs, f.specialize(argDefs));
  }

  // ------------------------------------------------------------------ structure rules

  /** The structures of the arguments {@code argnums}: one, or a list of them for several. */
  static Treedef argsDef(List<Treedef> argDefs, int[] argnums, boolean tuple) {
    if (!tuple) {
      return argDefs.get(argnums[0]);
    }
    List<Treedef> ds = new ArrayList<>();
    for (int a : argnums) {
      ds.add(argDefs.get(a));
    }
    return Treedef.list(ds);
  }

  /** The value part of a {@code hasAux} function's result {@code (value, aux)}. */
  static Treedef auxValue(Treedef out, String what) {
    checkAuxPair(out, what);
    return out.children().get(0);
  }

  /** The aux part of a {@code hasAux} function's result {@code (value, aux)}. */
  static Treedef aux(Treedef out, String what) {
    checkAuxPair(out, what);
    List<Treedef> cs = out.children();
    return cs.size() == 2 ? cs.get(1) : Treedef.list(cs.subList(1, cs.size()));
  }

  private static void checkAuxPair(Treedef out, String what) {
    if (out.kind != Treedef.Kind.LIST || out.children().size() < 2
        || !out.children().get(0).isLeaf()) {
      throw new IrException(what + ": with hasAux the function must return a pair (value, aux)"
          + " whose value is one array, got the structure " + out);
    }
  }

  /**
   * A Jacobian's structure: the function's result {@code out} with each leaf replaced by the
   * structure {@code wrt} of what it is differentiated by (JAX: outer structure of the output,
   * inner of the input), its leaves {@code Sym}s where the output's were, tensors otherwise.
   */
  static Treedef jacobian(Treedef out, Treedef wrt) {
    List<Treedef> sub = new ArrayList<>();
    collectLeafKinds(out, wrt, sub);
    return out.replaceLeaves(sub);
  }

  private static void collectLeafKinds(Treedef out, Treedef wrt, List<Treedef> sub) {
    if (out.isLeaf()) {
      sub.add(wrt.withLeaves(out.leafKind() == Treedef.Leaf.SYM ? Treedef.Leaf.SYM
          : Treedef.Leaf.TENSOR));
      return;
    }
    for (Treedef c : out.children()) {
      collectLeafKinds(c, wrt, sub);
    }
  }

  // ------------------------------------------------------------------ vmap axes

  /**
   * Expands an axis specification (JAX's {@code in_axes}/{@code out_axes}: an {@code Integer},
   * {@code null} for not mapped, or a pytree prefix of the structure: a {@code List} for a list or
   * array, a {@code Map} for a map) to one axis per leaf of {@code def}, null for not mapped.
   */
  static void expandAxes(Object spec, Treedef def, List<Integer> out, String where) {
    if (spec == null || spec instanceof Integer) {
      Integer a = (Integer) spec;
      for (int i = 0; i < def.numLeaves(); i++) {
        out.add(a);
      }
      return;
    }
    if (spec instanceof List<?> list) {
      if ((def.kind != Treedef.Kind.LIST && def.kind != Treedef.Kind.ARRAY
          && def.kind != Treedef.Kind.CUSTOM && def.kind != Treedef.Kind.RECORD)
          || list.size() != def.children().size()) {
        throw new IrException(where + ": the axes " + list + " do not match the structure " + def
            + " (a list of axes needs a list, array or record of as many elements)");
      }
      for (int i = 0; i < list.size(); i++) {
        expandAxes(list.get(i), def.children().get(i), out, where + "[" + i + "]");
      }
      return;
    }
    if (spec instanceof Map<?, ?> map) {
      if (def.kind != Treedef.Kind.MAP || !new java.util.TreeSet<Object>(map.keySet())
          .equals(new java.util.TreeSet<>(def.keys))) {
        throw new IrException(where + ": the axes " + map + " do not match the structure " + def
            + " (a map of axes needs a map with the same keys)");
      }
      for (int i = 0; i < def.keys.size(); i++) {
        expandAxes(map.get(def.keys.get(i)), def.children().get(i), out,
            where + "[\"" + def.keys.get(i) + "\"]");
      }
      return;
    }
    throw new IrException(where + ": an axis must be an Integer, null (not mapped), or a List or"
        + " Map matching the structure " + def + "; got a " + Pytrees.typeName(spec));
  }
}
