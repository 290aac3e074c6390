package org.refugium.importer;

/** Stops the import: the message is written for the person running it; the staging snapshot is removed. */
public class ImportFailedException extends RuntimeException {

  public ImportFailedException(String message) {
    super(message);
  }

  public ImportFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
