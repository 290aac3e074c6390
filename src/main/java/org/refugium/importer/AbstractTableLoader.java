package org.refugium.importer;

import java.util.List;
import java.util.stream.Stream;
import org.refugium.importer.tsv.Header;
import org.refugium.importer.tsv.TsvRow;

/** Column lookup by name and typed, validating field access shared by the table loaders. */
public abstract class AbstractTableLoader implements TableLoader {

  private Header header;
  private int[] columns;

  @Override
  public void bind(Header header) {
    this.header = header;
    List<String> all = Stream.concat(requiredColumns().stream(), optionalColumns().stream()).toList();
    columns = new int[all.size()];
    for (int i = 0; i < all.size(); i++) {
      columns[i] = header.indexOf(all.get(i));
    }
  }

  /** Position in the file of the n-th column of required + optional columns, or -1 when absent. */
  protected final int column(int n) {
    return columns[n];
  }

  /** Rejects rows whose field count differs from the header's (the export has such rows). */
  protected final void checkFieldCount(TsvRow row) throws RowRejectedException {
    if (row.fieldCount() != header.size()) {
      throw new RowRejectedException(RowRejectedException.WRONG_FIELD_COUNT,
          row.fieldCount() + " fields, header has " + header.size());
    }
  }

  protected static String text(TsvRow row, int field) {
    return field < 0 ? null : row.stringOrNull(field);
  }

  protected static String requiredText(TsvRow row, int field, String name) throws RowRejectedException {
    String value = text(row, field);
    if (value == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, name);
    }
    return value;
  }

  protected static Long integer(TsvRow row, int field, String name) throws RowRejectedException {
    if (field < 0) {
      return null;
    }
    try {
      return row.longOrNull(field);
    } catch (NumberFormatException e) {
      throw new RowRejectedException(RowRejectedException.BAD_NUMBER, name + " = " + row.stringOrNull(field));
    }
  }

  protected static long requiredInteger(TsvRow row, int field, String name) throws RowRejectedException {
    Long value = integer(row, field, name);
    if (value == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, name);
    }
    return value;
  }

  protected static Double decimal(TsvRow row, int field, String name) throws RowRejectedException {
    if (field < 0) {
      return null;
    }
    try {
      return row.doubleOrNull(field);
    } catch (NumberFormatException e) {
      throw new RowRejectedException(RowRejectedException.BAD_NUMBER, name + " = " + row.stringOrNull(field));
    }
  }

  /** An ISO date (YYYY-MM-DD) checked for being a real calendar day; null when empty. */
  protected static String date(TsvRow row, int field, String name) throws RowRejectedException {
    String value = text(row, field);
    if (value == null) {
      return null;
    }
    if (!isIsoDate(value)) {
      throw new RowRejectedException(RowRejectedException.BAD_DATE, name + " = " + value);
    }
    return value;
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

  /** A lowercase hexadecimal UUID as iNaturalist writes them. */
  protected static String uuid(TsvRow row, int field, String name) throws RowRejectedException {
    String value = field < 0 ? null : row.asciiOrNull(field); // validated below, so ASCII decoding is safe
    if (value == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, name);
    }
    if (!isUuid(value)) {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, name + " is not a UUID: " + value);
    }
    return value;
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
