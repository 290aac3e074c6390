package org.refugium.importer;

/** A row that cannot be imported; {@link #reason()} is one of a small set so rejects can be counted by reason. */
public final class RowRejectedException extends Exception {

  private final String reason;

  public RowRejectedException(String reason, String detail) {
    super(detail == null ? reason : reason + ": " + detail, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  public static final String WRONG_FIELD_COUNT = "wrong field count";
  public static final String BAD_NUMBER = "bad number";
  public static final String BAD_DATE = "bad date";
  public static final String BAD_COORDINATE = "coordinate out of range";
  public static final String BAD_VALUE = "bad value";
  public static final String MISSING_VALUE = "missing value";
  public static final String DUPLICATE_KEY = "duplicate key";
  public static final String UNKNOWN_TAXON = "unknown taxon";
}
