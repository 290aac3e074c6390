package org.refugium.generator;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.SplittableRandom;

/**
 * Observation dates over the 20 years before the export: each year busier than the last (iNaturalist
 * has grown ~25% a year) and a northern-summer peak, never after the export date.
 */
final class ObservedDates {

  static final int YEARS = 20;
  private static final double[] MONTHS = Zipf.cumulate(3, 3, 4, 6, 9, 10, 10, 9, 7, 5, 4, 3);

  private final int firstYear;
  private final LocalDate exportDate;
  private final double[] years;

  ObservedDates(LocalDate exportDate) {
    this.exportDate = exportDate;
    this.firstYear = exportDate.getYear() - YEARS + 1;
    double[] w = new double[YEARS];
    for (int i = 0; i < YEARS; i++) {
      w[i] = Math.pow(1.25, i);
    }
    this.years = Zipf.cumulate(w);
  }

  /** Fills {year, month, day} with a real calendar day on or before the export date. */
  void next(SplittableRandom random, int[] ymd) {
    int year = firstYear + Zipf.weighted(random, years);
    int month = 1 + Zipf.weighted(random, MONTHS);
    if (year == exportDate.getYear() && month > exportDate.getMonthValue()) {
      month = 1 + random.nextInt(exportDate.getMonthValue());
    }
    int days = YearMonth.of(year, month).lengthOfMonth();
    int day = 1 + random.nextInt(days);
    if (year == exportDate.getYear() && month == exportDate.getMonthValue()) {
      day = Math.min(day, exportDate.getDayOfMonth());
    }
    ymd[0] = year;
    ymd[1] = month;
    ymd[2] = day;
  }
}
