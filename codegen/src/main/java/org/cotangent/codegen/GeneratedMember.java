package org.cotangent.codegen;

import java.util.List;
import java.util.Set;

/**
 * Methods emitted for a class another tool writes ({@link JavaEmitter#emitMember}): the text of
 * the entry method {@code name} and its parts (indentation level 0, each method preceded by a
 * blank line), the classes they refer to by simple name (to import), and the names of the entry
 * method's input parameters (its last parameter is the holder {@code out}).
 */
public final class GeneratedMember {
  private final String name;
  private final String text;
  private final Set<String> imports;
  private final List<String> inputNames;

  GeneratedMember(String name, String text, Set<String> imports, List<String> inputNames) {
    this.name = name;
    this.text = text;
    this.imports = Set.copyOf(imports);
    this.inputNames = List.copyOf(inputNames);
  }

  public String name() {
    return name;
  }

  public String text() {
    return text;
  }

  /** Fully qualified names, for import statements (unordered; sort them for stable output). */
  public Set<String> imports() {
    return imports;
  }

  public List<String> inputNames() {
    return inputNames;
  }
}
