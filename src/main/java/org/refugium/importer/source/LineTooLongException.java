package org.refugium.importer.source;

import java.io.IOException;

/**
 * A text table line longer than any record can be: a file without line breaks (a binary file, a table saved with
 * old Mac line ends, a gigantic single line). The readers stop at {@link #MAX_LINE} instead of growing one line
 * until the heap runs out, and the message names the line and what was expected; the caller adds the file's name.
 */
public final class LineTooLongException extends IOException {

  /** 8 Mi bytes or characters: iNaturalist's longest fields (descriptions) are a few KB; a record is never near. */
  public static final int MAX_LINE = 8 << 20;

  public LineTooLongException(long line) {
    super("line " + line + ", column " + (MAX_LINE + 1) + ": no line break within " + (MAX_LINE >> 20)
        + " MiB; expected one record per line (is it a text table at all, with \\n line ends?)");
  }
}
