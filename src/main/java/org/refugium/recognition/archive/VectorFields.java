package org.refugium.recognition.archive;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * The Lucene schema of a vector index: one document per embedded photo, with what a filtered
 * nearest-neighbour search and the evidence shown to a user need, so a query never goes back to
 * SQLite. Vectors are unit length and compared by DOT_PRODUCT (= cosine; Lucene's score is
 * {@code (1 + cos) / 2}).
 */
public final class VectorFields {

  public static final String VECTOR = "vector";
  /** The photo's id (unique here: the writer skips ids it already holds). */
  public static final String PHOTO_ID = "photo_id";
  public static final String PHOTO_EXTENSION = "photo_ext";
  public static final String OBSERVATION_ID = "observation_id";
  public static final String UUID = "uuid";
  /** The observation's taxon. */
  public static final String TAXON_ID = "taxon_id";
  /** The taxon and every ancestor (multi-valued IntField): a clade filter is one exact term. */
  public static final String TAXON_PATH = "taxon_path";
  /** The same ids, stored in root-to-leaf order, so a vote can roll up without the database. */
  public static final String ANCESTRY = "ancestry";
  public static final String LOCATION = "location";
  public static final String LATITUDE = "latitude";
  public static final String LONGITUDE = "longitude";
  /** Days since 1970-01-01 of observed_on. */
  public static final String DAY = "day";
  /** 1-12. */
  public static final String MONTH = "month";
  public static final String OBSERVED_ON = "observed_on";
  public static final String QUALITY = "quality_grade";
  public static final String OBSERVER = "observer_id";

  private VectorFields() {}

  /** One photo's row from the snapshot. ancestry: root first, the taxon itself last. */
  public record PhotoRecord(long photoId, String extension, long observationId, String uuid,
      int taxonId, int[] ancestry, Double latitude, Double longitude, String observedOn,
      String quality, long observerId) {}

  public static Document document(PhotoRecord r, float[] vector) {
    Document d = new Document();
    d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    d.add(new LongField(PHOTO_ID, r.photoId(), Field.Store.YES));
    d.add(new StoredField(PHOTO_EXTENSION, r.extension() == null ? "jpg" : r.extension()));
    d.add(new LongField(OBSERVATION_ID, r.observationId(), Field.Store.YES));
    if (r.uuid() != null) {
      d.add(new StoredField(UUID, r.uuid()));
    }
    d.add(new StoredField(TAXON_ID, r.taxonId()));
    StringBuilder ancestry = new StringBuilder();
    for (int id : r.ancestry()) {
      d.add(new IntField(TAXON_PATH, id, Field.Store.NO));
      ancestry.append(ancestry.isEmpty() ? "" : "/").append(id);
    }
    d.add(new StoredField(ANCESTRY, ancestry.toString()));
    if (r.latitude() != null && r.longitude() != null) {
      d.add(new LatLonPoint(LOCATION, r.latitude(), r.longitude()));
      d.add(new StoredField(LATITUDE, r.latitude()));
      d.add(new StoredField(LONGITUDE, r.longitude()));
    }
    LocalDate date = parseDate(r.observedOn());
    if (date != null) {
      d.add(new IntField(DAY, (int) date.toEpochDay(), Field.Store.NO));
      d.add(new IntField(MONTH, date.getMonthValue(), Field.Store.NO));
      d.add(new StoredField(OBSERVED_ON, r.observedOn()));
    }
    if (r.quality() != null) {
      d.add(new StringField(QUALITY, r.quality(), Field.Store.YES));
    }
    d.add(new LongField(OBSERVER, r.observerId(), Field.Store.YES));
    return d;
  }

  static LocalDate parseDate(String s) {
    if (s == null || s.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(s.substring(0, 10));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
