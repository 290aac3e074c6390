package org.refugium.importer.tsv;

import java.nio.charset.StandardCharsets;

/**
 * One line of a tab-separated file, split into fields without copying them. Reused from line to line,
 * so a consumer must take what it needs before asking the reader for the next line.
 * Values are decoded lazily: most columns are numbers and never become Strings.
 */
public final class TsvRow {

  byte[] line = new byte[1024];
  int length;
  int[] starts = new int[64];
  int[] ends = new int[64];
  int fieldCount;
  long lineNumber;

  /** 1-based line number in the file (the header is line 1). */
  public long lineNumber() {
    return lineNumber;
  }

  public int fieldCount() {
    return fieldCount;
  }

  public boolean isEmpty(int field) {
    return starts[field] == ends[field];
  }

  /** The field as a String, or null when empty (empty field = NULL in the export). */
  public String stringOrNull(int field) {
    int start = starts[field];
    int end = ends[field];
    return start == end ? null : new String(line, start, end - start, StandardCharsets.UTF_8);
  }

  /** The whole line as text, for the reject log. */
  public String text() {
    return new String(line, 0, length, StandardCharsets.UTF_8);
  }

  /** Parses a decimal integer without creating a String; null when empty. */
  public Long longOrNull(int field) throws NumberFormatException {
    return isEmpty(field) ? null : parseLong(field);
  }

  public long parseLong(int field) throws NumberFormatException {
    int i = starts[field];
    int end = ends[field];
    if (i == end) {
      throw new NumberFormatException("empty");
    }
    boolean negative = line[i] == '-';
    if (negative || line[i] == '+') {
      i++;
      if (i == end) {
        throw new NumberFormatException("sign only");
      }
    }
    if (end - i > 18) {
      return Long.parseLong(new String(line, starts[field], end - starts[field], StandardCharsets.US_ASCII));
    }
    long value = 0;
    for (; i < end; i++) {
      int digit = line[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new NumberFormatException("not a number: " + stringOrNull(field));
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  public Double doubleOrNull(int field) throws NumberFormatException {
    if (isEmpty(field)) {
      return null;
    }
    double value = Double.parseDouble(new String(line, starts[field], ends[field] - starts[field], StandardCharsets.US_ASCII));
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new NumberFormatException("not a finite number: " + stringOrNull(field));
    }
    return value;
  }

  /** True when the field holds exactly these ASCII bytes (avoids decoding enum-like columns). */
  public boolean equalsAscii(int field, String value) {
    int start = starts[field];
    int len = ends[field] - start;
    if (len != value.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (line[start + i] != value.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
