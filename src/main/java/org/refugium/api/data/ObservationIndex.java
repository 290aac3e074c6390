package org.refugium.api.data;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.refugium.search.ObservationSummary;

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

  /**
   * Matching observations per day (days since 1970-01-01) of {@code field}; those without it are not counted
   * (for {@link DateField#CREATED}: every observation no source gave a creation time).
   */
  Map<Integer, Long> countsByDay(ObservationFilter filter, DateField field);

  /** The days a histogram can count by: the API's date_field. */
  enum DateField { OBSERVED, CREATED }

  /** The box around the matching observations' coordinates; empty when none has coordinates. */
  Optional<ObservationFilter.BoundingBox> bounds(ObservationFilter filter);

  /**
   * What a taxon page shows of the matches (map, seasonality, history, top observers), counted in one pass over
   * them plus one for the map's cells. Pages read big taxa's summaries from the snapshot instead
   * ({@link ServedSnapshot#taxonSummary}).
   */
  ObservationSummary summary(ObservationFilter filter);

  /** One grid cell of a map: its south-west corner and how many observations fall in it. */
  record GeoCell(double swlat, double swlng, long count) {}

  record Count(long key, long count) {}

  record ObserverCount(int userId, long observations, long species) {}
}
