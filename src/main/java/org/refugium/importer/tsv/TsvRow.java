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

  /**
   * The field as a String when it is known to be ASCII (UUIDs, codes): copying bytes as Latin-1 skips
   * UTF-8 validation, a third of the parser's time on observations.csv. Non-ASCII input would come out
   * as mojibake, so callers validate the result (e.g. as a UUID) before use.
   */
  public String asciiOrNull(int field) {
    int start = starts[field];
    int end = ends[field];
    return start == end ? null : new String(line, start, end - start, StandardCharsets.ISO_8859_1);
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
    double fast = parsePlainDecimal(starts[field], ends[field]);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    double value = Double.parseDouble(new String(line, starts[field], ends[field] - starts[field], StandardCharsets.US_ASCII));
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new NumberFormatException("not a finite number: " + stringOrNull(field));
    }
    return value;
  }

  private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  /**
   * Clinger's fast path for plain decimals like {@code -151.0953202286}: with at most 15 significant
   * digits the digits form an exact double and so does 10^k (k ≤ 22), so one IEEE division gives the
   * correctly rounded value, bit-identical to Double.parseDouble. Anything else (exponents, more
   * digits, stray characters) returns NaN and takes the slow, general path.
   */
  private double parsePlainDecimal(int start, int end) {
    int i = start;
    boolean negative = line[i] == '-';
    if (negative || line[i] == '+') {
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    for (; i < end; i++) {
      byte b = line[i];
      if (b == '.' && fraction < 0) {
        fraction = 0;
        continue;
      }
      int d = b - '0';
      if (d < 0 || d > 9) {
        return Double.NaN;
      }
      if (mantissa != 0 || d != 0) {
        digits++;
      }
      mantissa = mantissa * 10 + d;
      if (fraction >= 0) {
        fraction++;
      }
      if (digits > 15) {
        return Double.NaN;
      }
    }
    int scale = Math.max(fraction, 0);
    if (i == start + (negative ? 1 : 0) || scale > 22 || (fraction == 0 && i - start == 1)) {
      return Double.NaN;
    }
    double value = scale == 0 ? mantissa : mantissa / POWERS_OF_TEN[scale];
    return negative ? -value : value;
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
