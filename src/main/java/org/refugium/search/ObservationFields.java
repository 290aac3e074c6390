package org.refugium.search;

import java.util.List;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

/**
 * The schema of the observations index, in one place: what the queries of the API filter, sort and
 * count on, and nothing it reads for display (that is SQLite's, joined back by id). Every field added
 * here costs index time on ~200M documents, so each one states its use.
 */
public final class ObservationFields {

  /** Observation id: LongPoint (id_above/id_below), NumericDocValues (sort, read-back), stored. */
  public static final String ID = "id";
  // No uuid field: lookups by uuid go to SQLite's index; as 10M unique terms plus stored values it
  // cost a third of the index build.
  /** The observation's own taxon: IntPoint (exact taxon), NumericDocValues (species counts). */
  public static final String TAXON_ID = "taxon_id";
  /**
   * The nested-set number (taxa.tree_left) of the observation's own taxon: IntPoint, NumericDocValues. "This taxon and
   * its descendants" is the range [tree_left, tree_right] of that taxon: one point per observation
   * instead of one per ancestor (~20), which made indexing about twice as fast.
   */
  public static final String TAXON_TREE = "taxon_tree";
  /** Observer: IntPoint, NumericDocValues (observer counts). */
  public static final String OBSERVER_ID = "observer_id";
  /** Coordinates: LatLonPoint (bbox, radius), LatLonDocValuesField (distance sort, bounds). */
  public static final String LOCATION = "location";
  /** observed_on in days since 1970-01-01: IntPoint (d1/d2), NumericDocValues (sort; every histogram). */
  public static final String OBSERVED_ON = "observed_on";
  /**
   * Year, month, day: IntPoint only. Histograms count per observed_on day and bucket the days
   * afterwards (a few thousand distinct days), so these need no doc values of their own.
   */
  public static final String YEAR = "year";
  public static final String MONTH = "month";
  public static final String DAY = "day";
  /**
   * The UTC day of created_at, where a source gives it (the web export, alone or joined), in days since 1970-01-01:
   * NumericDocValues only, for date_field=created histograms. The Open Data export and GBIF downloads have no
   * creation time, so documents from them lack it; an index built before this field has it for none.
   */
  public static final String CREATED_ON = "created_on";
  /** research / needs_id / casual: StringField, SortedDocValues (facets). */
  public static final String QUALITY_GRADE = "quality_grade";
  /** Number of photos: IntPoint (photos=true is photo_count >= 1). */
  public static final String PHOTO_COUNT = "photo_count";
  /** Licenses of the photos, lowercased (cc-by-nc): multi-valued StringField. */
  public static final String PHOTO_LICENSES = "photo_licenses";
  /** Projects the observation is in: multi-valued IntPoint. */
  public static final String PROJECT_IDS = "project_ids";
  /** "true" when the taxon is missing from taxa.csv (flag bit 1), absent otherwise: StringField. */
  public static final String ORPHAN = "orphan";
  /**
   * Taxon, day and place together: one 4-dimensional IntPoint per observation (taxon tree_left, observed_on day,
   * latitude, longitude; encoded by {@link TaxonDayPlace}). The commonest search, a taxon in a box over some years, is
   * then one BKD range whose cells hold few besides the hits, instead of the cheapest of three clauses leading and the
   * other two checked by doc values on each of its candidates (on 10M observations a genus + box + three years has a
   * median of 5 hits among ~10^3–10^5 candidates). {@link ObservationQuery} uses it when at least two of the three
   * are constrained and the index has it.
   */
  public static final String TAXON_DAY_PLACE = "taxon_day_place";

  /** Positional accuracy in metres: IntPoint, NumericDocValues. */
  public static final String POSITIONAL_ACCURACY = "positional_accuracy";

  public static final String TRUE = "true";

  private ObservationFields() {}

  /** One row of observations with its joined photos and projects, as the indexer reads it. */
  public record ObservationRow(long id, Integer observerId, Double latitude, Double longitude,
      Integer positionalAccuracy, Integer taxonId, int taxonTreeLeft, String qualityGrade, String observedOn,
      boolean orphan, int photoCount, List<String> licenses, int[] projectIds, String createdAt) {}

  public static Document document(ObservationRow o, TaxonDayPlace taxonDayPlace) {
    Document d = new Document();
    d.add(new LongPoint(ID, o.id()));
    d.add(new NumericDocValuesField(ID, o.id()));
    if (o.taxonId() != null) {
      d.add(new IntPoint(TAXON_ID, o.taxonId()));
      d.add(new NumericDocValuesField(TAXON_ID, o.taxonId()));
      if (o.taxonTreeLeft() > 0) {
        d.add(new IntPoint(TAXON_TREE, o.taxonTreeLeft()));
        d.add(new NumericDocValuesField(TAXON_TREE, o.taxonTreeLeft()));
      }
    }
    if (o.observerId() != null) {
      d.add(new IntPoint(OBSERVER_ID, o.observerId()));
      d.add(new NumericDocValuesField(OBSERVER_ID, o.observerId()));
    }
    boolean located = o.latitude() != null && o.longitude() != null && validLatLon(o.latitude(), o.longitude());
    if (located) {
      d.add(new LatLonPoint(LOCATION, o.latitude(), o.longitude()));
      d.add(new LatLonDocValuesField(LOCATION, o.latitude(), o.longitude()));
    }
    int days = Dates.epochDay(o.observedOn());
    d.add(taxonDayPlace.point(o.taxonId() != null ? o.taxonTreeLeft() : 0, days, located,
        located ? o.latitude() : 0, located ? o.longitude() : 0));
    if (days != Dates.NONE) {
      d.add(new IntPoint(OBSERVED_ON, days));
      d.add(new NumericDocValuesField(OBSERVED_ON, days));
      d.add(new IntPoint(YEAR, Dates.year(o.observedOn())));
      d.add(new IntPoint(MONTH, Dates.month(o.observedOn())));
      d.add(new IntPoint(DAY, Dates.day(o.observedOn())));
    }
    // created_at is ISO 8601 UTC ("2015-07-20T03:49:24Z"): its first ten characters are the UTC day
    int created = Dates.epochDay(o.createdAt());
    if (created != Dates.NONE) {
      d.add(new NumericDocValuesField(CREATED_ON, created));
    }
    if (o.qualityGrade() != null) {
      d.add(new StringField(QUALITY_GRADE, o.qualityGrade(), Field.Store.NO));
      d.add(new SortedDocValuesField(QUALITY_GRADE, new BytesRef(o.qualityGrade())));
    }
    d.add(new IntPoint(PHOTO_COUNT, o.photoCount()));
    for (String license : o.licenses()) {
      d.add(new StringField(PHOTO_LICENSES, license(license), Field.Store.NO));
    }
    for (int p : o.projectIds()) {
      d.add(new IntPoint(PROJECT_IDS, p));
    }
    if (o.orphan()) {
      d.add(new StringField(ORPHAN, TRUE, Field.Store.NO));
    }
    if (o.positionalAccuracy() != null) {
      d.add(new IntPoint(POSITIONAL_ACCURACY, o.positionalAccuracy()));
      d.add(new NumericDocValuesField(POSITIONAL_ACCURACY, o.positionalAccuracy()));
    }
    return d;
  }

  /** The indexed form of a license code: the export writes CC-BY-NC, the API takes cc-by-nc. */
  public static String license(String code) {
    return code.trim().toLowerCase(Locale.ROOT);
  }

  static boolean validLatLon(double lat, double lon) {
    return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
  }
}
