package org.refugium.importer;

import java.util.List;
import org.refugium.importer.tsv.Header;
import org.refugium.importer.tsv.TsvRow;

/**
 * A row seen through the columns its {@link TableSpec} declares: {@code r.integer(1)} reads the second declared
 * column (required ones first, then optional ones) wherever the file's header put it. Each getter validates, and
 * its reject message names the declared column, so a mapping never spells a column name twice. An optional
 * column the file lacks reads as null.
 *
 * <p>One instance per import, bound to the header once and pointed at each row in turn: reading a row through it
 * allocates nothing beyond the values themselves (the observations table is the import's hot path).
 */
public final class BoundRow {

  private final String[] names;
  private final int[] fields;
  private final int headerSize;
  private TsvRow row;

  BoundRow(List<String> columns, Header header) {
    names = columns.toArray(String[]::new);
    fields = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      fields[i] = header.indexOf(names[i]);
    }
    headerSize = header.size();
  }

  /** Points at the next row; rejects it when its field count differs from the header's (the export has such rows). */
  void at(TsvRow next) throws RowRejectedException {
    row = next;
    if (next.fieldCount() != headerSize) {
      throw new RowRejectedException(RowRejectedException.WRONG_FIELD_COUNT,
          next.fieldCount() + " fields, header has " + headerSize);
    }
  }

  /** The declared name of column {@code c}, for messages. */
  public String name(int c) {
    return names[c];
  }

  /** The row's line in the file (1 is the header). */
  public long lineNumber() {
    return row.lineNumber();
  }

  /** The text, or null when empty or when the file lacks the column. */
  public String text(int c) {
    int field = fields[c];
    return field < 0 ? null : row.stringOrNull(field);
  }

  public String requiredText(int c) throws RowRejectedException {
    String value = text(c);
    if (value == null) {
      throw missing(c);
    }
    return value;
  }

  /** True when the column holds exactly these ASCII characters (enum-like columns, compared without decoding). */
  public boolean is(int c, String ascii) {
    int field = fields[c];
    return field >= 0 && row.equalsAscii(field, ascii);
  }

  public Long integer(int c) throws RowRejectedException {
    int field = fields[c];
    if (field < 0) {
      return null;
    }
    try {
      return row.longOrNull(field);
    } catch (NumberFormatException e) {
      throw bad(RowRejectedException.BAD_NUMBER, c);
    }
  }

  public long requiredInteger(int c) throws RowRejectedException {
    Long value = integer(c);
    if (value == null) {
      throw missing(c);
    }
    return value;
  }

  public Double decimal(int c) throws RowRejectedException {
    int field = fields[c];
    if (field < 0) {
      return null;
    }
    try {
      return row.doubleOrNull(field);
    } catch (NumberFormatException e) {
      throw bad(RowRejectedException.BAD_NUMBER, c);
    }
  }

  /** An ISO date (YYYY-MM-DD) checked for being a real calendar day; null when empty. */
  public String date(int c) throws RowRejectedException {
    String value = text(c);
    if (value != null && !isIsoDate(value)) {
      throw bad(RowRejectedException.BAD_DATE, c);
    }
    return value;
  }

  /** A hexadecimal UUID as iNaturalist writes them; required. */
  public String uuid(int c) throws RowRejectedException {
    int field = fields[c];
    String value = field < 0 ? null : row.asciiOrNull(field); // validated below, so ASCII decoding is safe
    if (value == null) {
      throw missing(c);
    }
    if (!isUuid(value)) {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, names[c] + " is not a UUID: " + value);
    }
    return value;
  }

  /** "bad value: column = text", for a value a mapping checks itself (an unknown quality grade...). */
  public RowRejectedException badValue(int c) {
    return bad(RowRejectedException.BAD_VALUE, c);
  }

  private RowRejectedException bad(String reason, int c) {
    return new RowRejectedException(reason, names[c] + " = " + text(c));
  }

  private RowRejectedException missing(int c) {
    return new RowRejectedException(RowRejectedException.MISSING_VALUE, names[c]);
  }

  private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  /** YYYY-MM-DD naming a real calendar day (leap years included), checked without allocating. */
  public static boolean isIsoDate(String v) {
    if (v.length() != 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
      return false;
    }
    int year = digits(v, 0, 4);
    int month = digits(v, 5, 7);
    int day = digits(v, 8, 10);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) {
      return false;
    }
    boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month != 2 || day <= 28 || leap;
  }

  private static int digits(String v, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      int d = v.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      n = n * 10 + d;
    }
    return n;
  }

  public static boolean isUuid(String value) {
    if (value.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = value.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
