package org.refugium.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.refugium.archive.MapGrid;

/**
 * Counts one {@link ObservationSummary} in two passes over a set of observations, with primitives only: the import
 * feeds one builder per big taxon for each of ~10M observations, the index one for the hits of a page. The first
 * pass ({@link #count}) counts months, years, bounds and observations per observer; its bounds and total fix the
 * map's grid and its counts the top observers, so the second ({@link #place}) counts the grid cells and the top
 * observers' distinct species. Coordinates arrive in the index's 32-bit encoding ({@link GeoEncodingUtils}), so
 * bounds and cells are those of the decoded values the index would have read.
 */
public final class SummaryBuilder {

  /** An observation without an observer (not counted among observers). */
  public static final int NO_OBSERVER = Integer.MIN_VALUE;

  private long observations;
  private final long[] months = new long[12];
  private final long[] monthsResearch = new long[12];
  private int firstYear;
  private long[] years = new long[0];
  private int minLat = Integer.MAX_VALUE;
  private int minLng = Integer.MAX_VALUE;
  private int maxLat = Integer.MIN_VALUE;
  private int maxLng = Integer.MIN_VALUE;
  private final IntCounts perObserver = new IntCounts();

  // set by startPlacing()
  private double cellDegrees;
  private int columns;
  private int[] top;
  private long[] topObservations;
  private IntCounts[] topSpecies;
  private IntCounts cells;

  /**
   * First pass, one observation. {@code month} is 1–12, 0 when undated (then {@code year} is ignored); {@code lat}
   * and {@code lng} are ignored unless {@code located}.
   */
  public void count(int observer, int year, int month, boolean research, boolean located, int lat, int lng) {
    observations++;
    if (month > 0) {
      months[month - 1]++;
      if (research) {
        monthsResearch[month - 1]++;
      }
      addYears(year, 1);
    }
    if (located) {
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
      minLng = Math.min(minLng, lng);
      maxLng = Math.max(maxLng, lng);
    }
    if (observer != NO_OBSERVER) {
      perObserver.add(observer, 1);
    }
  }

  private void addYears(int year, long n) {
    if (years.length == 0) {
      firstYear = year;
      years = new long[1];
    } else if (year < firstYear) {
      long[] grown = new long[years.length + firstYear - year];
      System.arraycopy(years, 0, grown, firstYear - year, years.length);
      years = grown;
      firstYear = year;
    } else if (year - firstYear >= years.length) {
      years = Arrays.copyOf(years, year - firstYear + 1);
    }
    years[year - firstYear] += n;
  }

  /** Ends the first pass: picks the grid (from the bounds and the total) and the top observers. */
  public void startPlacing() {
    ObservationSummary.Bounds b = bounds();
    double width = b == null ? 360 : MapGrid.viewWidth(b.swlat(), b.swlng(), b.nelat(), b.nelng(),
        MapGrid.MIN_SPAN_DEGREES);
    cellDegrees = MapGrid.cellDegrees(width, observations);
    columns = (int) Math.ceil(360 / cellDegrees) + 1;
    cells = new IntCounts();
    int n = Math.min(ObservationSummary.TOP_OBSERVERS, perObserver.size());
    top = new int[n];
    topObservations = new long[n];
    int[] filled = {0};
    perObserver.forEach((user, count) -> { // insertion into the short sorted list: most observations, then lowest id
      int i = filled[0] < n ? filled[0]++ : n;
      while (i > 0 && (count > topObservations[i - 1] || count == topObservations[i - 1] && user < top[i - 1])) {
        if (i < n) {
          top[i] = top[i - 1];
          topObservations[i] = topObservations[i - 1];
        }
        i--;
      }
      if (i < n) {
        top[i] = user;
        topObservations[i] = count;
      }
    });
    topSpecies = new IntCounts[n];
    for (int i = 0; i < n; i++) {
      topSpecies[i] = new IntCounts();
    }
  }

  /** Second pass, the same observations: {@code species} is the observation's species, -1 when it has none. */
  public void place(int observer, int species, boolean located, int lat, int lng) {
    if (located) {
      placeCell(lat, lng);
    }
    placeSpecies(observer, species);
  }

  /** Second pass, the map's part: one observation's coordinates. */
  public void placeCell(int lat, int lng) {
    int row = (int) Math.floor((GeoEncodingUtils.decodeLatitude(lat) + 90) / cellDegrees);
    int col = (int) Math.floor((GeoEncodingUtils.decodeLongitude(lng) + 180) / cellDegrees);
    cells.add(row * columns + col, 1);
  }

  /** Second pass, the observers' part: only the top observers' observations count, each species once. */
  public void placeSpecies(int observer, int species) {
    if (species >= 0 && observer != NO_OBSERVER) {
      for (int i = 0; i < top.length; i++) {
        if (top[i] == observer) {
          topSpecies[i].add(species, 1);
          break;
        }
      }
    }
  }

  /** The top observers' ids, once {@link #startPlacing} has picked them. */
  public int[] topObservers() {
    return top.clone();
  }

  /** The grid's cell size, once {@link #startPlacing} has picked it. */
  public double cellDegrees() {
    return cellDegrees;
  }

  /**
   * Adds the first pass of another set of observations, disjoint from this one's (the import sums a taxon's
   * descendants into it instead of counting each observation once per ancestor).
   */
  public void add(SummaryBuilder other) {
    observations += other.observations;
    for (int m = 0; m < 12; m++) {
      months[m] += other.months[m];
      monthsResearch[m] += other.monthsResearch[m];
    }
    for (int i = 0; i < other.years.length; i++) {
      if (other.years[i] > 0) {
        addYears(other.firstYear + i, other.years[i]);
      }
    }
    minLat = Math.min(minLat, other.minLat);
    maxLat = Math.max(maxLat, other.maxLat);
    minLng = Math.min(minLng, other.minLng);
    maxLng = Math.max(maxLng, other.maxLng);
    other.perObserver.forEach(perObserver::add);
  }

  /** Adds the cells of another, disjoint set of observations counted on the same grid. */
  public void addCells(SummaryBuilder other) {
    if (other.cellDegrees != cellDegrees) {
      throw new IllegalArgumentException("cells of a " + other.cellDegrees + "° grid added to a " + cellDegrees + "° one");
    }
    other.cells.forEach(cells::add);
  }

  public ObservationSummary build() {
    int[] keys = new int[cells.size()];
    int[] at = {0};
    cells.forEach((key, n) -> keys[at[0]++] = key);
    Arrays.sort(keys);
    List<ObservationSummary.Cell> cellList = new ArrayList<>(keys.length);
    for (int i = 0; i < keys.length; i++) {
      cellList.add(new ObservationSummary.Cell((keys[i] / columns) * cellDegrees - 90,
          (keys[i] % columns) * cellDegrees - 180, cells.get(keys[i])));
    }
    List<ObservationSummary.Observer> observers = new ArrayList<>(top.length);
    for (int i = 0; i < top.length; i++) {
      observers.add(new ObservationSummary.Observer(top[i], topObservations[i], topSpecies[i].size()));
    }
    return new ObservationSummary(observations, bounds(), boxed(months), boxed(monthsResearch), firstYear,
        boxed(years), cellDegrees, cellList, observers);
  }

  private ObservationSummary.Bounds bounds() {
    if (minLat == Integer.MAX_VALUE) {
      return null;
    }
    return new ObservationSummary.Bounds(GeoEncodingUtils.decodeLatitude(minLat),
        GeoEncodingUtils.decodeLongitude(minLng), GeoEncodingUtils.decodeLatitude(maxLat),
        GeoEncodingUtils.decodeLongitude(maxLng));
  }

  private static List<Long> boxed(long[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
