package org.cotangent.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.symbolic.TensorType;

/**
 * One fuzz case: a program (script text defining {@code fn}), the types of its arguments, a chain
 * of transformations, and the seed of the point it is checked at. Its reproducer is a script file
 * with directive comments ({@code # fuzz-...}) that {@link #parse} reads back, so a printed
 * failure pasted into {@code src/test/resources/regressions/} is a regression test.
 */
final class Case {
  /** The line after which a reproducer holds the chain's defs (rendered, not read back). */
  static final String CHAIN_MARKER = "# --- the transformations, as script (from fuzz-chain):";

  /** The program as an AST when generated (for shrinking); null when parsed from a file. */
  final Prog prog;
  final String programText;
  final String fn;
  final List<TensorType> argTypes;
  /** Null until a chain has been chosen for the traced program. */
  final List<Step> chain;
  final long pointSeed;
  /** Where it came from: the run's seed and the program's index (-1 if unknown). */
  final long seed;
  final long index;

  Case(Prog prog, String programText, String fn, List<TensorType> argTypes, List<Step> chain,
      long pointSeed, long seed, long index) {
    this.prog = prog;
    this.programText = programText;
    this.fn = fn;
    this.argTypes = List.copyOf(argTypes);
    this.chain = chain == null ? null : List.copyOf(chain);
    this.pointSeed = pointSeed;
    this.seed = seed;
    this.index = index;
  }

  static Case of(Prog p, List<Step> chain, long pointSeed, long seed, long index) {
    List<TensorType> types = new ArrayList<>();
    for (int i = 0; i < p.shapes.size(); i++) {
      int[] s = p.shapes.get(i);
      types.add(p.dtypes.get(i) == 'c' ? TensorType.of(org.cotangent.symbolic.DType.C128, s)
          : TensorType.f64(s));
    }
    return new Case(p, p.render(), p.fn, types, chain, pointSeed, seed, index);
  }

  Case withProg(Prog p) {
    Case c = of(p, chain, pointSeed, seed, index);
    return c;
  }

  Case withChain(List<Step> ch) {
    return new Case(prog, programText, fn, argTypes, ch, pointSeed, seed, index);
  }

  Case withPoint(long ps) {
    return new Case(prog, programText, fn, argTypes, chain, ps, seed, index);
  }

  /** The directive lines. */
  String directives() {
    StringBuilder sb = new StringBuilder();
    sb.append("# fuzz-fn: ").append(fn).append('\n');
    List<String> ts = new ArrayList<>();
    for (TensorType t : argTypes) {
      ts.add(typeText(t));
    }
    sb.append("# fuzz-args: ").append(String.join(" ", ts)).append('\n');
    sb.append("# fuzz-chain: ").append(chain == null || chain.isEmpty() ? "none" : Step.specOf(chain))
        .append('\n');
    sb.append("# fuzz-point: ").append(pointSeed).append('\n');
    return sb.toString();
  }

  static String typeText(TensorType t) {
    int[] d = t.shape().dims();
    StringBuilder sb = new StringBuilder(t.dtype().isComplex() ? "c128[" : "f64[");
    for (int i = 0; i < d.length; i++) {
      sb.append(i > 0 ? "," : "").append(d[i]);
    }
    return sb.append(']').toString();
  }

  /**
   * The reproducer: a header saying what failed, the directives, the program, and the chain as
   * script defs.
   */
  String reproducer(String header, String chainText) {
    StringBuilder sb = new StringBuilder();
    for (String line : header.split("\n")) {
      sb.append("# ").append(line).append('\n');
    }
    sb.append(directives());
    sb.append(programText.endsWith("\n") ? programText : programText + "\n");
    if (chainText != null && !chainText.isEmpty()) {
      sb.append(CHAIN_MARKER).append('\n').append(chainText);
    }
    return sb.toString();
  }

  /** Reads a reproducer (a regression file) back. */
  static Case parse(String text) {
    String fn = null;
    List<TensorType> types = null;
    List<Step> chain = null;
    long point = 0;
    StringBuilder program = new StringBuilder();
    boolean inChain = false;
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.equals(CHAIN_MARKER.strip())) {
        inChain = true;
        continue;
      }
      if (l.startsWith("# fuzz-fn:")) {
        fn = l.substring("# fuzz-fn:".length()).strip();
      } else if (l.startsWith("# fuzz-args:")) {
        types = new ArrayList<>();
        for (String t : l.substring("# fuzz-args:".length()).strip().split("\\s+")) {
          if (!t.isEmpty()) {
            types.add(TensorType.parse(t));
          }
        }
      } else if (l.startsWith("# fuzz-chain:")) {
        String c = l.substring("# fuzz-chain:".length()).strip();
        chain = c.equals("none") ? List.of() : Step.parseChain(c);
      } else if (l.startsWith("# fuzz-point:")) {
        point = Long.parseLong(l.substring("# fuzz-point:".length()).strip());
      } else if (!inChain) {
        program.append(line).append('\n');
      }
    }
    if (fn == null || types == null || chain == null) {
      throw new IllegalArgumentException("not a fuzz reproducer: it needs # fuzz-fn, # fuzz-args"
          + " and # fuzz-chain lines");
    }
    return new Case(null, program.toString(), fn, types, chain, point, -1, -1);
  }
}
