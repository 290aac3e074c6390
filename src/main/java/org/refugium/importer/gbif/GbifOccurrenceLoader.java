package org.refugium.importer.gbif;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.refugium.importer.AbstractTableLoader;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.dwca.UrlIds;
import org.refugium.importer.tsv.TsvRow;

/**
 * occurrence.txt of a GBIF download → observations. Columns are found by header (241 of them in 2020,
 * 212 in 2024). Only rows of the iNaturalist dataset are kept; rows of other datasets are skipped and
 * counted per datasetKey, not rejected. The observation id is the iNaturalist id (catalogNumber, or
 * the number ending occurrenceID/references); gbifID is kept to join multimedia.txt. Observers and
 * placeholder taxa are collected here and written after the table ({@link GbifDownloadImport}).
 *
 * <p>Runs on the ingest's parser thread; its collections are read only after the load has finished.
 */
final class GbifOccurrenceLoader extends AbstractTableLoader {

  private static final List<String> REQUIRED = List.of("gbifID", "datasetKey");
  private static final List<String> OPTIONAL = List.of("catalogNumber", "occurrenceID", "references", "recordedBy",
      "taxonID", "verbatimScientificName", "scientificName", "taxonRank", "decimalLatitude", "decimalLongitude",
      "coordinateUncertaintyInMeters", "eventDate", "year", "month", "day");
  private static final int GBIF_ID = 0, DATASET = 1, CATALOG_NUMBER = 2, OCCURRENCE_ID = 3, REFERENCES = 4,
      RECORDED_BY = 5, TAXON_ID = 6, VERBATIM_NAME = 7, SCIENTIFIC_NAME = 8, TAXON_RANK = 9, LATITUDE = 10,
      LONGITUDE = 11, UNCERTAINTY = 12, EVENT_DATE = 13, YEAR = 14, MONTH = 15, DAY = 16;

  /** A taxon as far as a GBIF row tells it: iNaturalist's name and GBIF's rank for it. */
  record PlaceholderTaxon(String name, String rank) {}

  private final ObserverIds observers = new ObserverIds();
  private final Map<Long, PlaceholderTaxon> taxa = new HashMap<>();
  private final Map<String, Long> otherDatasets = new TreeMap<>();
  private final BitSet seenIds = new BitSet();
  private final Set<Long> seenLargeIds = new HashSet<>();

  @Override
  public String table() {
    return "observations";
  }

  @Override
  public List<String> requiredColumns() {
    return REQUIRED;
  }

  @Override
  public List<String> optionalColumns() {
    return OPTIONAL;
  }

  @Override
  public String insertSql() {
    return "INSERT INTO observations (id, inat_id, gbif_id, observer_id, latitude, longitude, positional_accuracy,"
        + " taxon_id, quality_grade, observed_on) VALUES (?,?,?,?,?,?,?,?,?,?)";
  }

  @Override
  public Object[] map(TsvRow row) throws RowRejectedException {
    checkFieldCount(row);
    if (!row.equalsAscii(column(DATASET), GbifValues.INATURALIST_DATASET)) {
      String key = text(row, column(DATASET));
      otherDatasets.merge(key == null ? "(none)" : key.strip(), 1L, Long::sum);
      return null;
    }
    Long gbifId = GbifValues.key(text(row, column(GBIF_ID)), "gbifID");
    if (gbifId == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, "gbifID");
    }
    long id = observationId(row);
    Double latitude = decimal(row, column(LATITUDE), "decimalLatitude");
    Double longitude = decimal(row, column(LONGITUDE), "decimalLongitude");
    checkCoordinates(latitude, longitude);
    Long accuracy = accuracy(decimal(row, column(UNCERTAINTY), "coordinateUncertaintyInMeters"));
    Long taxon = taxonId(row);
    String observedOn = GbifValues.observedOn(text(row, column(EVENT_DATE)), text(row, column(YEAR)),
        text(row, column(MONTH)), text(row, column(DAY)));
    claim(id);
    Long observer = observers.idFor(strippedOrNull(text(row, column(RECORDED_BY))));
    if (taxon != null && !taxa.containsKey(taxon)) {
      String name = text(row, column(VERBATIM_NAME)); // iNaturalist's name; scientificName is GBIF's, with author
      if (name == null) {
        name = text(row, column(SCIENTIFIC_NAME));
      }
      String rank = text(row, column(TAXON_RANK));
      taxa.put(taxon, new PlaceholderTaxon(name == null ? "taxon " + taxon : name.strip(),
          rank == null ? null : rank.strip().toLowerCase(Locale.ROOT)));
    }
    // The GBIF dataset holds research-grade observations only.
    return new Object[] {id, id, gbifId, observer, latitude, longitude, accuracy, taxon, "research", observedOn};
  }

  /** catalogNumber is the iNaturalist id; older or odd rows may carry it only at the end of a URL. */
  private long observationId(TsvRow row) throws RowRejectedException {
    String catalog = text(row, column(CATALOG_NUMBER));
    Long id = UrlIds.trailingNumber(catalog);
    if (id == null) {
      id = UrlIds.trailingNumber(text(row, column(OCCURRENCE_ID)));
    }
    if (id == null) {
      id = UrlIds.trailingNumber(text(row, column(REFERENCES)));
    }
    if (id == null) {
      throw new RowRejectedException(catalog == null ? RowRejectedException.MISSING_VALUE
          : RowRejectedException.BAD_VALUE, "no iNaturalist id in catalogNumber/occurrenceID/references"
          + (catalog == null ? "" : " (catalogNumber = " + catalog + ")"));
    }
    return id;
  }

  private Long taxonId(TsvRow row) throws RowRejectedException {
    String value = text(row, column(TAXON_ID));
    if (value == null) {
      return null;
    }
    Long taxon = UrlIds.trailingNumber(value);
    if (taxon == null) {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, "taxonID = " + value);
    }
    return taxon;
  }

  private static Long accuracy(Double meters) throws RowRejectedException {
    if (meters == null) {
      return null;
    }
    if (meters < 0) {
      throw new RowRejectedException(RowRejectedException.BAD_NUMBER, "coordinateUncertaintyInMeters = " + meters);
    }
    return Math.round(meters);
  }

  static void checkCoordinates(Double latitude, Double longitude) throws RowRejectedException {
    if ((latitude == null) != (longitude == null)) {
      throw new RowRejectedException(RowRejectedException.BAD_COORDINATE, "latitude without longitude or the reverse");
    }
    if (latitude != null && (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180)) {
      throw new RowRejectedException(RowRejectedException.BAD_COORDINATE, latitude + "," + longitude);
    }
  }

  /** Rejects a second row with the same iNaturalist id before SQLite would fail the whole batch. */
  private void claim(long id) throws RowRejectedException {
    boolean fresh;
    if (id >= 0 && id < Integer.MAX_VALUE) {
      fresh = !seenIds.get((int) id);
      seenIds.set((int) id);
    } else {
      fresh = seenLargeIds.add(id);
    }
    if (!fresh) {
      throw new RowRejectedException(RowRejectedException.DUPLICATE_KEY, "catalogNumber = " + id);
    }
  }

  private static String strippedOrNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }

  ObserverIds observers() {
    return observers;
  }

  Map<Long, PlaceholderTaxon> taxa() {
    return taxa;
  }

  /** Rows skipped because they belong to another dataset, by datasetKey. */
  Map<String, Long> otherDatasets() {
    return otherDatasets;
  }
}
