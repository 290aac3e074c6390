package org.refugium.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * /v1/observations/histogram buckets from counts per observed day, backfilled with zeros as
 * iNaturalist's are: month_of_year 1..12 and week_of_year 1..53 always complete; calendar intervals
 * from d1 (else the first observed day) to d2 (else the last), keyed by the bucket's first day
 * (weeks start on Monday). The exports carry no time of day: "hour" has no buckets.
 */
public final class Histograms {

  public static final Set<String> INTERVALS = Set.of("month_of_year", "week_of_year", "year", "month", "week", "day",
      "hour");

  private Histograms() {}

  public static Map<String, Long> bucket(String interval, Map<Integer, Long> countsByDay, LocalDate d1, LocalDate d2) {
    return switch (interval) {
      case "month_of_year" -> cyclic(countsByDay, 12, d -> d.getMonthValue());
      case "week_of_year" -> cyclic(countsByDay, 53, d -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case "hour" -> new LinkedHashMap<>();
      default -> calendar(interval, countsByDay, d1, d2);
    };
  }

  private static Map<String, Long> cyclic(Map<Integer, Long> countsByDay, int buckets,
      java.util.function.ToIntFunction<LocalDate> key) {
    long[] counts = new long[buckets + 1];
    countsByDay.forEach((day, n) -> counts[key.applyAsInt(LocalDate.ofEpochDay(day))] += n);
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 1; i <= buckets; i++) {
      out.put(Integer.toString(i), counts[i]);
    }
    return out;
  }

  private static Map<String, Long> calendar(String interval, Map<Integer, Long> countsByDay, LocalDate d1,
      LocalDate d2) {
    TreeMap<LocalDate, Long> buckets = new TreeMap<>();
    countsByDay.forEach((day, n) -> buckets.merge(start(interval, LocalDate.ofEpochDay(day)), n, Long::sum));
    Map<String, Long> out = new LinkedHashMap<>();
    LocalDate from = d1 != null ? start(interval, d1) : buckets.isEmpty() ? null : buckets.firstKey();
    LocalDate to = d2 != null ? start(interval, d2) : buckets.isEmpty() ? null : buckets.lastKey();
    if (from == null || to == null) {
      return out;
    }
    int guard = 0;
    for (LocalDate b = from; !b.isAfter(to) && guard++ < 100_000; b = next(interval, b)) {
      out.put(b.toString(), buckets.getOrDefault(b, 0L));
    }
    return out;
  }

  static LocalDate start(String interval, LocalDate d) {
    return switch (interval) {
      case "year" -> d.withDayOfYear(1);
      case "month" -> d.withDayOfMonth(1);
      case "week" -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      default -> d;
    };
  }

  private static LocalDate next(String interval, LocalDate d) {
    return switch (interval) {
      case "year" -> d.plusYears(1);
      case "month" -> d.plusMonths(1);
      case "week" -> d.plusWeeks(1);
      default -> d.plusDays(1);
    };
  }
}
