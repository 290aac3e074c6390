package org.refugium.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationIndex;
import org.refugium.api.data.ObservationIndex.GeoCell;
import org.refugium.api.data.ObservationRow;
import org.refugium.api.data.ObservationSort;
import org.refugium.api.data.Records;
import org.refugium.api.data.ServedSnapshot;

/** The observations of a map, counted per grid cell by the index (or sampled, for an index that cannot). */
final class MapData {

  /** How many observations the fallback reads when the index does not aggregate. */
  static final int FALLBACK_SAMPLE = 5_000;

  private MapData() {}

  static List<GeoCell> cells(ServedSnapshot s, ObservationFilter f, double cellDegrees) {
    ObservationIndex index = s.observations();
    try {
      return index.geoCells(f, cellDegrees);
    } catch (UnsupportedOperationException notAggregating) {
      return sampled(s, f, cellDegrees);
    }
  }

  /** The first observations by id, aggregated here: a partial map beats none (docs/web.md). */
  private static List<GeoCell> sampled(ServedSnapshot s, ObservationFilter f, double cellDegrees) {
    List<Long> ids = s.observations().search(f, new ObservationSort(ObservationSort.Field.ID, true, 0), 0,
        FALLBACK_SAMPLE);
    List<ObservationRow> rows = s.db().with(db -> Records.observationsById(db, ids));
    Map<List<Long>, long[]> cells = new HashMap<>();
    for (ObservationRow r : rows) {
      if (r.latitude() != null && r.longitude() != null) {
        long row = (long) Math.floor((r.latitude() + 90) / cellDegrees);
        long col = (long) Math.floor((r.longitude() + 180) / cellDegrees);
        cells.computeIfAbsent(List.of(row, col), k -> new long[1])[0]++;
      }
    }
    List<GeoCell> out = new ArrayList<>();
    cells.forEach((k, n) -> out.add(new GeoCell(k.get(0) * cellDegrees - 90, k.get(1) * cellDegrees - 180, n[0])));
    return out;
  }
}
