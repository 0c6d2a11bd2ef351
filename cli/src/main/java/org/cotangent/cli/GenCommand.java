package org.cotangent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import org.cotangent.codegen.GeneratedSource;
import org.cotangent.codegen.JavaEmitter;
import org.cotangent.symbolic.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cotangent gen}: the Java source of a script function, or of its derivative, as the
 * runtime would compile it: one class implementing {@code org.cotangent.codegen.Program}.
 */
@Command(
    name = "gen",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Print the Java source of a script function or its derivative.",
      "The class implements org.cotangent.codegen.Program: call(in, out) takes and fills flat"
          + " row-major double[]s, one per input and output (a scalar is a double[1])."
    })
final class GenCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Mixin Selection selection;

  @Option(names = "--class", paramLabel = "NAME",
      description = "The class name (default: Cotangent_ and a hash of the program).")
  String className;

  @Option(names = "--package", paramLabel = "PKG", defaultValue = JavaEmitter.PACKAGE,
      description = "The package, '' for none (default: ${DEFAULT-VALUE}).")
  String packageName;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the source to FILE instead of stdout.")
  Path output;

  @Override
  public Integer call() {
    if (className != null
        && (!SourceVersion.isIdentifier(className) || SourceVersion.isKeyword(className))) {
      throw new ParameterException(spec.commandLine(),
          "--class: '" + className + "' is not a Java class name");
    }
    if (className != null && JavaEmitter.isReferencedName(className)) {
      throw new ParameterException(spec.commandLine(), "--class: '" + className + "' would hide"
          + " the class of that name that generated code calls; choose another name");
    }
    if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
      throw new ParameterException(spec.commandLine(),
          "--package: '" + packageName + "' is not a Java package name");
    }
    if (packageName.equals("java") || packageName.startsWith("java.")) {
      throw new ParameterException(spec.commandLine(), "--package: no class can be defined in '"
          + packageName + "' (the JVM reserves the java.* packages); choose another package");
    }
    Selection.Selected sel = selection.select(main);
    String name = className != null ? className : JavaEmitter.defaultName(sel.graph());
    GeneratedSource src = JavaEmitter.emit(sel.graph(), packageName, name);
    if (output != null) {
      ScriptFiles.write(output, src.source());
    } else {
      main.out.print(src.source());
    }
    List<Tensor> constants = src.constants();
    if (!constants.isEmpty()) {
      StringBuilder sb = new StringBuilder("note: " + name + "'s constructor takes "
          + constants.size() + " constant array" + (constants.size() == 1 ? "" : "s")
          + " (values the function captures from the script):");
      for (int k = 0; k < constants.size(); k++) {
        sb.append(k > 0 ? "," : "").append(" ").append(src.constantNames().get(k)).append(": ")
            .append(constants.get(k).type());
      }
      main.err.println(sb);
    }
    return Main.OK;
  }
}
