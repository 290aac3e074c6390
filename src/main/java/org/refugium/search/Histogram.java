package org.refugium.search;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The intervals of /v1/observations/histogram and how a day falls into them. Keys are written as
 * iNaturalist writes them: "1".."12" for month_of_year, ISO week numbers for week_of_year, and the first
 * day of the bucket (weeks start on Monday) for year, month, week and day. Gaps are filled with 0.
 */
public enum Histogram {
  MONTH_OF_YEAR, WEEK_OF_YEAR, YEAR, MONTH, WEEK, DAY;

  /** The API's name of the interval (month_of_year...). */
  public String apiName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Histogram fromApiName(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  /** Buckets counts per day (days since 1970-01-01) into this interval, in order, gaps backfilled. */
  Map<String, Long> bucket(IntCounts perDay) {
    switch (this) {
      case MONTH_OF_YEAR, WEEK_OF_YEAR -> {
        int last = this == MONTH_OF_YEAR ? 12 : 53;
        long[] counts = new long[last + 1];
        perDay.forEach((day, n) -> {
          LocalDate d = LocalDate.ofEpochDay(day);
          counts[this == MONTH_OF_YEAR ? d.getMonthValue() : d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)] += n;
        });
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 1; i <= last; i++) {
          out.put(Integer.toString(i), counts[i]);
        }
        return out;
      }
      default -> {
        TreeMap<LocalDate, Long> counts = new TreeMap<>();
        perDay.forEach((day, n) -> counts.merge(start(LocalDate.ofEpochDay(day)), n, Long::sum));
        Map<String, Long> out = new LinkedHashMap<>();
        if (counts.isEmpty()) {
          return out;
        }
        for (LocalDate d = counts.firstKey(); !d.isAfter(counts.lastKey()); d = next(d)) {
          out.put(d.toString(), counts.getOrDefault(d, 0L));
        }
        return out;
      }
    }
  }

  private LocalDate start(LocalDate d) {
    return switch (this) {
      case YEAR -> d.withDayOfYear(1);
      case MONTH -> d.withDayOfMonth(1);
      case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      default -> d;
    };
  }

  private LocalDate next(LocalDate d) {
    return switch (this) {
      case YEAR -> d.plusYears(1);
      case MONTH -> d.plusMonths(1);
      case WEEK -> d.plusWeeks(1);
      default -> d.plusDays(1);
    };
  }
}
