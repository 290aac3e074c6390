package org.refugium.api.data;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The search operations the observation endpoints need. The API assembles responses from ids and
 * counts; what the index holds and how it answers is the search side's business.
 */
public interface ObservationIndex extends Closeable {

  long count(ObservationFilter filter);

  /** Matching observation ids in {@code sort} order, from {@code offset}, at most {@code limit}. */
  List<Long> search(ObservationFilter filter, ObservationSort sort, int offset, int limit);

  /** {@link #count} and {@link #search} together: what a results page needs, in one pass where it can. */
  Hits page(ObservationFilter filter, ObservationSort sort, int offset, int limit);

  /** The number of matches and one page of their ids. */
  record Hits(long total, List<Long> ids) {}

  /** Observations per taxon of the matching observations (their own taxon), most observed first, then by id. */
  List<Count> taxonCounts(ObservationFilter filter);

  /** Per observer: observations and distinct species among the matches, most observations first. */
  List<ObserverCount> observers(ObservationFilter filter);

  /** Matching observations per observed day (days since 1970-01-01); undated ones are not counted. */
  Map<Integer, Long> countsByDay(ObservationFilter filter);

  /** The box around the matching observations' coordinates; empty when none has coordinates. */
  Optional<ObservationFilter.BoundingBox> bounds(ObservationFilter filter);

  /**
   * Matching observations with coordinates, counted per cell of a latitude/longitude grid of
   * {@code cellDegrees} (cell row = floor((lat + 90) / size), column = floor((lng + 180) / size)), so a map
   * of millions of observations is a few thousand cells. Cells with no observation are absent.
   */
  List<GeoCell> geoCells(ObservationFilter filter, double cellDegrees);

  /** One grid cell: its south-west corner and how many matching observations fall in it. */
  record GeoCell(double swlat, double swlng, long count) {}

  record Count(long key, long count) {}

  record ObserverCount(int userId, long observations, long species) {}
}
