package org.cotangent.cli;

/**
 * A user mistake found by the command itself (a missing file, --args that do not match the
 * function): printed as {@code error: message}, exit code 1, no stack trace.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
