package org.cotangent.cli;

import java.util.ArrayList;
import java.util.List;
import org.cotangent.frontend.script.Expr;
import org.cotangent.frontend.script.Param;
import org.cotangent.frontend.script.Parser;
import org.cotangent.frontend.script.Program;
import org.cotangent.frontend.script.Stmt;
import org.cotangent.frontend.script.Target;
import org.cotangent.script.ScriptSession;
import org.cotangent.symbolic.IrException;
import org.cotangent.symbolic.ir.Graph;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options shared by {@code gen} and {@code graph}: which script, which global function, the
 * argument types to trace it at, and the transformation to apply. {@link #select} runs the script
 * (its prints go to stderr, so stdout carries only the command's own output), traces the
 * function, checks the names in {@code --args} against its parameters, and transforms it.
 */
final class Selection {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Parameters(index = "0", paramLabel = "FILE", description = "The script defining the function"
      + " ('-' reads standard input). It runs first, so its globals exist; its prints go to"
      + " stderr.")
  String file;

  @Option(names = "--fn", required = true, paramLabel = "NAME",
      description = "The global function to trace, e.g. loss.")
  String fn;

  @Option(names = "--args", required = true, paramLabel = "NAME=TYPE,...",
      description = "The argument types, in the function's parameter order, e.g."
          + " 'W=f64[3],b=f64' or 'X=f64[2,3]'. Types: f64, c128, i64, bool, with a shape in"
          + " brackets (none for a scalar). Quote it in the shell.")
  String args;

  @Option(names = "--transform", paramLabel = "T", defaultValue = "none",
      converter = Transform.Converter.class, completionCandidates = Transform.Names.class,
      description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Transform transform;

  @Option(names = "--argnums", split = ",", paramLabel = "I",
      description = "For grad, value_and_grad, jacfwd, jacrev and hessian: the arguments to"
          + " differentiate with respect to, as positions or parameter names, e.g. 0,1 or W,b"
          + " (default: 0, as in JAX).")
  List<String> argnums = new ArrayList<>();

  /** What {@link #select} produced: the (transformed) graph and a title such as {@code grad(loss)}. */
  record Selected(Graph graph, String title) {}

  /** Runs the script, traces {@code --fn} at {@code --args} and applies {@code --transform}. */
  Selected select(Main main) {
    List<ArgTypes.Arg> parsed;
    try {
      parsed = ArgTypes.parse(args);
    } catch (IllegalArgumentException e) {
      throw usage("invalid value for option '--args' ('" + args + "'): " + e.getMessage());
    }
    int[] wrt = argnums(parsed);
    String text = ScriptFiles.read(file, main.in);
    String fileName = ScriptFiles.displayName(file);
    // Check --args against a def's parameters before running anything, so that a wrong order
    // gets this message rather than a shape error from inside the function.
    List<String> declared = declaredParams(Parser.parseProgram(text, fileName), fn);
    if (declared != null) {
      checkNames(declared, parsed);
    }
    ScriptSession session = new ScriptSession(main.err, main.err, false);
    session.run(text, fileName);
    main.err.flush();
    Graph g = session.trace(fn, ArgTypes.types(parsed));
    checkNames(g.inputNames(), parsed);
    String title = transform == Transform.NONE ? fn : transform.text + "(" + fn + ")";
    try {
      return new Selected(transform.apply(fn, g, wrt), title);
    } catch (IrException e) {
      throw new CliException("cannot take " + title + ": " + e.getMessage());
    }
  }

  private int[] argnums(List<ArgTypes.Arg> parsed) {
    if (argnums.isEmpty()) {
      return new int[0];
    }
    if (!transform.takesArgnums()) {
      throw usage("--argnums applies only to --transform grad, value_and_grad, jacfwd, jacrev"
          + " or hessian, not "
          + transform.text);
    }
    int[] wrt = new int[argnums.size()];
    for (int k = 0; k < wrt.length; k++) {
      String a = argnums.get(k).strip();
      int index = -1;
      if (a.matches("-?[0-9]+")) {
        try {
          index = Integer.parseInt(a);
        } catch (NumberFormatException e) {
          index = Integer.MAX_VALUE;
        }
        if (index < 0 || index >= parsed.size()) {
          throw usage("--argnums: " + org.cotangent.symbolic.ad.Ad.argnumOutOfRange(fn, a,
              parsed.size()) + " (--args lists positions 0 to " + (parsed.size() - 1) + ")");
        }
      } else {
        for (int i = 0; i < parsed.size(); i++) {
          if (a.equals(parsed.get(i).name())) {
            index = i;
          }
        }
        if (index < 0) {
          throw usage("--argnums: '" + a + "' is neither a position nor a name in --args ("
              + names(parsed) + ")");
        }
      }
      for (int j = 0; j < k; j++) {
        if (wrt[j] == index) {
          throw usage("--argnums: argument " + index + " is listed twice");
        }
      }
      wrt[k] = index;
    }
    return wrt;
  }

  /**
   * The parameter names of {@code fn} as the script defines it at the top level, by its last
   * {@code def fn(...)} or {@code fn = lambda ...: ...}; null if the script binds {@code fn}
   * otherwise (then the names are checked after tracing).
   */
  static List<String> declaredParams(Program program, String fn) {
    List<String> names = null;
    for (Stmt st : program.statements()) {
      List<Param> params = null;
      boolean binds = false;
      if (st instanceof Stmt.Def && ((Stmt.Def) st).name().equals(fn)) {
        binds = true;
        params = ((Stmt.Def) st).params();
      } else if (st instanceof Stmt.Assign && binds(((Stmt.Assign) st).target(), fn)) {
        binds = true;
        Expr value = ((Stmt.Assign) st).value();
        params = value instanceof Expr.Lambda && ((Stmt.Assign) st).target() instanceof Target.Var
            ? ((Expr.Lambda) value).params() : null;
      }
      if (binds) {
        names = null;
        if (params != null) {
          names = new ArrayList<>();
          for (Param p : params) {
            names.add(p.name());
          }
        }
      }
    }
    return names;
  }

  private static boolean binds(Target t, String name) {
    if (t instanceof Target.Var) {
      return ((Target.Var) t).name().equals(name);
    }
    for (Target e : ((Target.Unpack) t).elements()) {
      if (binds(e, name)) {
        return true;
      }
    }
    return false;
  }

  /** The names in --args must be the function's parameters, in order. */
  private void checkNames(List<String> params, List<ArgTypes.Arg> parsed) {
    boolean ok = params.size() == parsed.size();
    for (int i = 0; ok && i < parsed.size(); i++) {
      String n = parsed.get(i).name();
      ok = n == null || n.equals(params.get(i));
    }
    if (!ok) {
      List<String> want = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        String type = "TYPE";
        for (ArgTypes.Arg a : parsed) {
          if (params.get(i).equals(a.name())) {
            type = ArgTypes.text(a.type());
          }
        }
        if (type.equals("TYPE") && i < parsed.size() && parsed.get(i).name() == null) {
          type = ArgTypes.text(parsed.get(i).type());
        }
        want.add(params.get(i) + "=" + type);
      }
      throw new CliException("--args (" + names(parsed) + ") does not match the parameters of '"
          + fn + "' (" + String.join(", ", params) + "); list them in order: --args '"
          + String.join(",", want) + "'");
    }
  }

  private static String names(List<ArgTypes.Arg> parsed) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      String n = parsed.get(i).name();
      names.add(n != null ? n : "#" + i);
    }
    return String.join(", ", names);
  }

  private ParameterException usage(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }
}
