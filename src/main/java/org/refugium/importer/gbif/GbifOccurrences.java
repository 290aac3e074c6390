package org.refugium.importer.gbif;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.refugium.importer.BoundRow;
import org.refugium.importer.Coordinates;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.TableSpec;
import org.refugium.importer.UniqueIds;
import org.refugium.importer.dwca.UrlIds;

/**
 * occurrence.txt of a GBIF download → observations. Columns are found by header (241 of them in 2020,
 * 212 in 2024). Only rows of the iNaturalist dataset are kept; rows of other datasets are skipped and
 * counted per datasetKey, not rejected. The observation id is the iNaturalist id (catalogNumber, or
 * the number ending occurrenceID/references); gbifID is kept to join multimedia.txt. Observers and
 * placeholder taxa are collected here and written after the table ({@link GbifDownloadImport}).
 *
 * <p>One per import ({@link #TABLE}'s mapping): it runs on the ingest's parser thread, and its collections are read
 * only after the load has finished.
 */
final class GbifOccurrences implements TableSpec.RowMapping {

  static final TableSpec<GbifOccurrences> TABLE = TableSpec.perImport("observations",
      List.of("gbifID", "datasetKey"),
      List.of("catalogNumber", "occurrenceID", "references", "recordedBy", "taxonID", "verbatimScientificName",
          "scientificName", "taxonRank", "decimalLatitude", "decimalLongitude", "coordinateUncertaintyInMeters",
          "eventDate", "year", "month", "day"),
      "INSERT INTO observations (id, inat_id, gbif_id, observer_id, latitude, longitude, positional_accuracy,"
          + " taxon_id, quality_grade, observed_on) VALUES (?,?,?,?,?,?,?,?,?,?)",
      GbifOccurrences::new);
  private static final int GBIF_ID = 0, DATASET = 1, CATALOG_NUMBER = 2, OCCURRENCE_ID = 3, REFERENCES = 4,
      RECORDED_BY = 5, TAXON_ID = 6, VERBATIM_NAME = 7, SCIENTIFIC_NAME = 8, TAXON_RANK = 9, LATITUDE = 10,
      LONGITUDE = 11, UNCERTAINTY = 12, EVENT_DATE = 13, YEAR = 14, MONTH = 15, DAY = 16;

  /** A taxon as far as a GBIF row tells it: iNaturalist's name and GBIF's rank for it. */
  record PlaceholderTaxon(String name, String rank) {}

  private final ObserverIds observers = new ObserverIds();
  private final Map<Long, PlaceholderTaxon> taxa = new HashMap<>();
  private final Map<String, Long> otherDatasets = new TreeMap<>();
  private final UniqueIds seenIds = new UniqueIds();

  @Override
  public Object[] map(BoundRow row) throws RowRejectedException {
    if (!row.is(DATASET, GbifValues.INATURALIST_DATASET)) {
      String key = row.text(DATASET);
      otherDatasets.merge(key == null ? "(none)" : key.strip(), 1L, Long::sum);
      return null;
    }
    Long gbifId = GbifValues.key(row.text(GBIF_ID), row.name(GBIF_ID));
    if (gbifId == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, row.name(GBIF_ID));
    }
    long id = observationId(row);
    Double latitude = row.decimal(LATITUDE);
    Double longitude = row.decimal(LONGITUDE);
    Coordinates.check(latitude, longitude);
    Long accuracy = accuracy(row.decimal(UNCERTAINTY));
    Long taxon = taxonId(row);
    String observedOn = GbifValues.observedOn(row.text(EVENT_DATE), row.text(YEAR),
        row.text(MONTH), row.text(DAY));
    seenIds.claim(id, row.name(CATALOG_NUMBER)); // a repeat would fail the whole batch in SQLite
    Long observer = observers.idFor(strippedOrNull(row.text(RECORDED_BY)));
    if (taxon != null && !taxa.containsKey(taxon)) {
      String name = row.text(VERBATIM_NAME); // iNaturalist's name; scientificName is GBIF's, with author
      if (name == null) {
        name = row.text(SCIENTIFIC_NAME);
      }
      String rank = row.text(TAXON_RANK);
      taxa.put(taxon, new PlaceholderTaxon(name == null ? "taxon " + taxon : name.strip(),
          rank == null ? null : rank.strip().toLowerCase(Locale.ROOT)));
    }
    // The GBIF dataset holds research-grade observations only.
    return new Object[] {id, id, gbifId, observer, latitude, longitude, accuracy, taxon, "research", observedOn};
  }

  /** catalogNumber is the iNaturalist id; older or odd rows may carry it only at the end of a URL. */
  private long observationId(BoundRow row) throws RowRejectedException {
    String catalog = row.text(CATALOG_NUMBER);
    Long id = UrlIds.trailingNumber(catalog);
    if (id == null) {
      id = UrlIds.trailingNumber(row.text(OCCURRENCE_ID));
    }
    if (id == null) {
      id = UrlIds.trailingNumber(row.text(REFERENCES));
    }
    if (id == null) {
      throw new RowRejectedException(catalog == null ? RowRejectedException.MISSING_VALUE
          : RowRejectedException.BAD_VALUE, "no iNaturalist id in catalogNumber/occurrenceID/references"
          + (catalog == null ? "" : " (catalogNumber = " + catalog + ")"));
    }
    return id;
  }

  private Long taxonId(BoundRow row) throws RowRejectedException {
    String value = row.text(TAXON_ID);
    if (value == null) {
      return null;
    }
    Long taxon = UrlIds.trailingNumber(value);
    if (taxon == null) {
      throw row.badValue(TAXON_ID);
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
