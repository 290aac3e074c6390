package org.refugium.search;

import java.util.List;

/**
 * What a taxon page shows about a taxon's observations beyond the list: how many, where (bounds and the map's grid
 * cells), when (per month of year, all and research grade; per year) and by whom (the top observers). Counted live
 * over the index ({@link ObservationSearcher#summary}) or, for taxa with many observations, read from the
 * snapshot's {@code taxon_summaries} table ({@link SummaryTable}), which the import fills with the same
 * {@link SummaryBuilder}: the two are equal, value for value, so the page is the same either way.
 *
 * @param bounds       around the observations' coordinates as the index stores them; null when none has any
 * @param months       observations per month of year, January first (undated ones are not counted)
 * @param monthsResearch the same, research grade only
 * @param firstYear    the year of {@code years}' first entry (meaningless when {@code years} is empty)
 * @param years        observations per year from the first to the last year observed
 * @param cellDegrees  the grid the cells were counted on ({@code org.refugium.archive.MapGrid})
 * @param cells        observations with coordinates per grid cell, by row then column; empty cells absent
 * @param observers    the observers with the most observations (ties by id), each with their species count
 */
public record ObservationSummary(long observations, Bounds bounds, List<Long> months, List<Long> monthsResearch,
    int firstYear, List<Long> years, double cellDegrees, List<Cell> cells, List<Observer> observers) {

  /** How many observers a summary keeps: the taxon page lists ten. */
  public static final int TOP_OBSERVERS = 10;

  public ObservationSummary {
    months = List.copyOf(months);
    monthsResearch = List.copyOf(monthsResearch);
    years = List.copyOf(years);
    cells = List.copyOf(cells);
    observers = List.copyOf(observers);
  }

  public record Bounds(double swlat, double swlng, double nelat, double nelng) {}

  /** One grid cell: its south-west corner and how many observations fall in it. */
  public record Cell(double swlat, double swlng, long count) {}

  public record Observer(int userId, long observations, long species) {}
}
