package org.refugium.cli;

import org.refugium.importer.ImportFailedException;
import picocli.CommandLine;

/**
 * Failures a user can act on (a truncated archive, a missing table, a full disk) print one clear line
 * and exit 1; anything else also prints the stack trace, since then it is our bug.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    if (e instanceof ImportFailedException || e instanceof UserError || e instanceof IllegalArgumentException
        || e instanceof java.nio.file.NoSuchFileException) {
      // a message may quote the input (a file or entry name, a value): one line, no escapes reach the terminal
      cli.getErr().println("refugium: " + cli.getCommandName() + " failed: "
          + org.refugium.text.SafeText.of(message(e), 2000));
      return 1;
    }
    cli.getErr().println("refugium: " + cli.getCommandName() + " failed unexpectedly: " + e);
    e.printStackTrace(cli.getErr());
    return 2;
  }

  private static String message(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    return e.getMessage();
  }

  /** An error in how the command was called or what it was pointed at. */
  static final class UserError extends RuntimeException {
    UserError(String message) {
      super(message);
    }
  }
}
