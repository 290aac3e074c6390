package org.refugium.search;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * observed_on as the record keeps it (YYYY-MM-DD) to the numbers the index stores. Parsed by hand:
 * this runs once per observation, and the record's dates were validated at load.
 */
public final class Dates {

  /** No date (absent or not a calendar date). */
  public static final int NONE = Integer.MIN_VALUE;

  private Dates() {}

  public static int epochDay(String ymd) {
    if (ymd == null || ymd.length() < 10 || ymd.charAt(4) != '-' || ymd.charAt(7) != '-') {
      return NONE;
    }
    int y = digits(ymd, 0, 4);
    int m = digits(ymd, 5, 7);
    int d = digits(ymd, 8, 10);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) {
      return NONE;
    }
    try {
      return (int) LocalDate.of(y, m, d).toEpochDay();
    } catch (DateTimeException e) {
      return NONE; // 2021-02-30
    }
  }

  public static int year(String ymd) {
    return digits(ymd, 0, 4);
  }

  public static int month(String ymd) {
    return digits(ymd, 5, 7);
  }

  static int day(String ymd) {
    return digits(ymd, 8, 10);
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
