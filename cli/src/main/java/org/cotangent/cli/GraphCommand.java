package org.cotangent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cotangent.symbolic.ir.DotPrinter;
import org.cotangent.symbolic.ir.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cotangent graph}: the IR of a script function or its derivative, as Graphviz DOT. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Print the IR of a script function or its derivative as Graphviz DOT.",
      "Render it with: dot -Tsvg -o f.svg. With --ir, print the jaxpr-like text instead."
    })
final class GraphCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Mixin Selection selection;

  @Option(names = "--ir", description = "Print the jaxpr-like IR text instead of DOT.")
  boolean ir;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE instead of stdout.")
  Path output;

  @Override
  public Integer call() {
    Selection.Selected sel = selection.select(main);
    String text = ir ? Printer.print(sel.graph()) + "\n" : DotPrinter.print(sel.graph(), sel.title());
    if (output != null) {
      ScriptFiles.write(output, text);
    } else {
      main.out.print(text);
    }
    return Main.OK;
  }
}
