package org.cotangent.frontend;

import org.cotangent.symbolic.Np;

/** The functions of the tracing API over {@link Sym}, named as in {@code jax.numpy}. */
public final class Ops {
  private Ops() {}

  public static Sym sin(Sym x) {
    return Sym.of(Np.sin(x.node()));
  }

  public static Sym cos(Sym x) {
    return Sym.of(Np.cos(x.node()));
  }

  public static Sym tan(Sym x) {
    return Sym.of(Np.tan(x.node()));
  }

  public static Sym tanh(Sym x) {
    return Sym.of(Np.tanh(x.node()));
  }

  public static Sym sinh(Sym x) {
    return Sym.of(Np.sinh(x.node()));
  }

  public static Sym cosh(Sym x) {
    return Sym.of(Np.cosh(x.node()));
  }

  public static Sym exp(Sym x) {
    return Sym.of(Np.exp(x.node()));
  }

  public static Sym log(Sym x) {
    return Sym.of(Np.log(x.node()));
  }

  public static Sym log1p(Sym x) {
    return Sym.of(Np.log1p(x.node()));
  }

  public static Sym expm1(Sym x) {
    return Sym.of(Np.expm1(x.node()));
  }

  public static Sym sqrt(Sym x) {
    return Sym.of(Np.sqrt(x.node()));
  }

  public static Sym abs(Sym x) {
    return Sym.of(Np.abs(x.node()));
  }

  public static Sym square(Sym x) {
    return Sym.of(Np.square(x.node()));
  }

  public static Sym sigmoid(Sym x) {
    return Sym.of(Np.sigmoid(x.node()));
  }

  public static Sym arctan2(Sym y, Sym x) {
    return Sym.of(Np.arctan2(y.node(), x.node()));
  }

  public static Sym maximum(Sym x, Sym y) {
    return Sym.of(Np.maximum(x.node(), y.node()));
  }

  public static Sym minimum(Sym x, Sym y) {
    return Sym.of(Np.minimum(x.node(), y.node()));
  }

  public static Sym where(Sym cond, Sym x, Sym y) {
    return Sym.of(Np.where(cond.node(), x.node(), y.node()));
  }

  /** Sum over {@code axes}, all if none. */
  public static Sym sum(Sym x, int... axes) {
    return Sym.of(Np.sum(x.node(), axes));
  }

  public static Sym mean(Sym x, int... axes) {
    return Sym.of(Np.mean(x.node(), axes));
  }

  public static Sym max(Sym x, int... axes) {
    return Sym.of(Np.max(x.node(), axes));
  }

  public static Sym prod(Sym x, int... axes) {
    return Sym.of(Np.prod(x.node(), axes));
  }

  public static Sym dot(Sym a, Sym b) {
    return a.dot(b);
  }

  public static Sym matmul(Sym a, Sym b) {
    return a.matmul(b);
  }

  public static Sym vdot(Sym a, Sym b) {
    return Sym.of(Np.vdot(a.node(), b.node()));
  }

  public static Sym outer(Sym a, Sym b) {
    return Sym.of(Np.outer(a.node(), b.node()));
  }

  public static Sym concatenate(int axis, Sym... xs) {
    org.cotangent.symbolic.ir.Node[] ns = new org.cotangent.symbolic.ir.Node[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ns[i] = xs[i].node();
    }
    return Sym.of(Np.concatenate(axis, ns));
  }
}
