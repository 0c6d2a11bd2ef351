package org.cotangent.symbolic.ir;

import java.util.Objects;

/**
 * Where a node of a graph comes from: the source position of the user's statement or expression
 * that produced it, and its role relative to that statement: the statement's own values ({@link
 * Role#PRIMAL}), their tangents (jvp) or their cotangents (the transpose of reverse mode). Front
 * ends record origins as they trace; every transformation keeps them, deriving the role; codegen
 * uses them to say which source line a block of statements comes from (as Tangent's
 * {@code # Grad of: y = x * x}).
 */
public final class Origin {
  /** A node's role relative to the source statement it comes from. */
  public enum Role {
    PRIMAL("from"), TANGENT("tangent of"), COTANGENT("grad of");

    private final String label;

    Role(String label) {
      this.label = label;
    }

    /** How generated code introduces a block of this role: {@code from}, {@code grad of}. */
    public String label() {
      return label;
    }
  }

  private final SourcePos pos;
  private final Role role;

  public Origin(SourcePos pos, Role role) {
    this.pos = Objects.requireNonNull(pos);
    this.role = Objects.requireNonNull(role);
  }

  public static Origin primal(SourcePos pos) {
    return new Origin(pos, Role.PRIMAL);
  }

  public SourcePos pos() {
    return pos;
  }

  public Role role() {
    return role;
  }

  /** The same position in another role. */
  public Origin as(Role r) {
    return r == role ? this : new Origin(pos, r);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Origin && ((Origin) o).pos.equals(pos) && ((Origin) o).role == role;
  }

  @Override
  public int hashCode() {
    return pos.hashCode() * 3 + role.ordinal();
  }

  /** {@code grad of: label_probs = preds * targets (loss.ct:7)}. */
  @Override
  public String toString() {
    return role.label() + ": " + pos.lineText().strip() + " (" + pos.file() + ":" + pos.line() + ")";
  }
}
