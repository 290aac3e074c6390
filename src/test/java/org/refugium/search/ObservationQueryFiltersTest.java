package org.refugium.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.archive.TaxonTree;
import org.refugium.importer.SnapshotImporter;

/**
 * The filters ObservationIndexTest does not reach, on the real June sample, each against SQL over the same rows: the
 * expected counts are asserted to be neither 0 nor all (so a filter that matches nothing, or everything, fails).
 * Presence (acc, geo, identified, photo_licensed), accuracy bounds, exclusions (not_id, without an exact taxon),
 * iconic taxa, ids above and below real ids, a box across the antimeridian, several taxa at once.
 */
class ObservationQueryFiltersTest {

  @TempDir
  static Path dataDir;

  static Connection db;
  static ObservationSearcher searcher;
  static TaxonTree tree;
  static long total;

  @BeforeAll
  static void importSample() throws Exception {
    Path snapshot = SampleSnapshot.importInto(dataDir);
    db = SampleSnapshot.open(snapshot.resolve(SnapshotImporter.DATABASE));
    searcher = ObservationSearcher.open(snapshot.resolve(SnapshotImporter.INDEX_DIR).resolve(SearchIndexes.OBSERVATIONS));
    tree = TaxonTree.load(db);
    total = SampleSnapshot.count(db, "SELECT count(*) FROM observations");
    assertThat(total).isEqualTo(32);
  }

  @AfterAll
  static void close() throws Exception {
    searcher.close();
    db.close();
  }

  private static ObservationQuery q() {
    return ObservationQuery.builder(tree);
  }

  /** The SQL count, which must be a proper part of the sample, and the index's count for the same filter. */
  private static void same(Query query, String where) throws Exception {
    long expected = SampleSnapshot.count(db, "SELECT count(*) FROM observations o WHERE " + where);
    assertThat(expected).as(where).isBetween(1L, total - 1);
    assertThat(searcher.count(query)).as(where).isEqualTo(expected);
  }

  @Test
  void presenceFilters() throws Exception {
    same(q().hasAccuracy(true).build(), "positional_accuracy IS NOT NULL");
    same(q().hasAccuracy(false).build(), "positional_accuracy IS NULL");
    same(q().hasTaxon(true).build(), "taxon_id IS NOT NULL");
    same(q().hasTaxon(false).build(), "taxon_id IS NULL");
    // every observation of the sample has coordinates: geo=true is all of them, geo=false none
    assertThat(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE latitude IS NULL")).isZero();
    assertThat(searcher.count(q().hasLocation(true).build())).isEqualTo(total);
    assertThat(searcher.count(q().hasLocation(false).build())).isZero();
    // and every one has a licensed photo: photo_licensed=true is all of them, false none
    assertThat(SampleSnapshot.count(db, "SELECT count(*) FROM observations o WHERE EXISTS (SELECT 1 FROM photos p"
        + " WHERE p.observation_uuid = o.uuid AND p.license IS NOT NULL)")).isEqualTo(total);
    assertThat(searcher.count(q().hasPhotoLicense(true).build())).isEqualTo(total);
    assertThat(searcher.count(q().hasPhotoLicense(false).build())).isZero();
  }

  @Test
  void accuracyBoundsAreInclusiveAndUnknownIsOptIn() throws Exception {
    same(q().accuracy(5, 30, false).build(), "positional_accuracy BETWEEN 5 AND 30");
    same(q().accuracy(5, 30, true).build(), "(positional_accuracy BETWEEN 5 AND 30 OR positional_accuracy IS NULL)");
    same(q().accuracy(31, null, false).build(), "positional_accuracy >= 31");
    same(q().accuracy(null, 4, false).build(), "positional_accuracy <= 4");
    same(q().accuracy(null, 4, true).build(), "(positional_accuracy <= 4 OR positional_accuracy IS NULL)");
  }

  @Test
  void exclusions() throws Exception {
    List<Long> ids = SampleSnapshot.longs(db, "SELECT id FROM observations ORDER BY id");
    assertThat(ids).hasSize(32);
    same(q().notIds(List.of(ids.get(0), ids.get(7))).build(), "id NOT IN (" + ids.get(0) + ", " + ids.get(7) + ")");
    long taxon = SampleSnapshot.count(db, "SELECT taxon_id FROM observations WHERE taxon_id IS NOT NULL"
        + " GROUP BY taxon_id ORDER BY count(*) DESC, taxon_id LIMIT 1");
    same(q().withoutExactTaxa(List.of((int) taxon)).build(), "taxon_id IS NOT " + taxon);
    same(q().withoutExactTaxa(List.of((int) taxon)).hasTaxon(true).build(), "taxon_id != " + taxon);
  }

  @Test
  void idsAboveAndBelowRealIdsAreExclusive() throws Exception {
    List<Long> ids = SampleSnapshot.longs(db, "SELECT id FROM observations ORDER BY id");
    assertThat(ids).hasSize(32);
    same(q().idAbove(ids.get(5)).build(), "id > " + ids.get(5));
    same(q().idBelow(ids.get(20)).build(), "id < " + ids.get(20));
    same(q().idAbove(ids.get(5)).idBelow(ids.get(20)).build(), "id > " + ids.get(5) + " AND id < " + ids.get(20));
    assertThat(searcher.count(q().idAbove(ids.get(5)).idBelow(ids.get(20)).build())).isEqualTo(14);
  }

  @Test
  void severalTaxaAndTaxaMissingFromTheTree() throws Exception {
    List<Long> taxa = SampleSnapshot.longs(db, "SELECT DISTINCT taxon_id FROM observations WHERE taxon_id IS NOT NULL"
        + " ORDER BY taxon_id LIMIT 2");
    assertThat(taxa).hasSize(2);
    same(q().exactTaxa(List.of(taxa.get(0).intValue(), taxa.get(1).intValue())).build(),
        "taxon_id IN (" + taxa.get(0) + ", " + taxa.get(1) + ")");
    // a taxon the tree lacks matches its own observations exactly (none here), alone or beside a known one
    assertThat(searcher.count(q().taxa(List.of(999_999_999)).build())).isZero();
    List<Integer> withUnknown = new ArrayList<>(List.of(taxa.get(0).intValue(), 999_999_999));
    assertThat(searcher.count(q().taxa(withUnknown).build()))
        .isEqualTo(searcher.count(q().taxa(List.of(taxa.get(0).intValue())).build())).isPositive();
    assertThat(searcher.count(q().withoutTaxa(List.of(999_999_999)).build())).isEqualTo(total);
  }

  /** Observations whose taxon is {@code x} or below it, in SQL over taxa.ancestry ("48460/1/2/…", root first). */
  private static String within(int x) {
    return "o.taxon_id IN (SELECT t.id FROM taxa t WHERE t.id = " + x + " OR '/' || t.ancestry || '/' LIKE '%/" + x
        + "/%')";
  }

  @Test
  void iconicTaxaAreSubtreesMinusTheIconicTaxaInside() throws Exception {
    List<Integer> iconic = java.util.Arrays.stream(TaxonTree.ICONIC_TAXA).boxed().toList();
    assertThat(iconic).contains(1, 3, 47158, 47126);
    same(q().iconicTaxa(List.of(3), false, iconic).build(), within(3)); // Aves holds no other iconic taxon
    // Animalia without its iconic classes and phyla
    StringBuilder animaliaOnly = new StringBuilder(within(1));
    for (int y : iconic) {
      if (y != 1) {
        animaliaOnly.append(" AND NOT ").append(within(y));
      }
    }
    long animaliaRest = SampleSnapshot.count(db, "SELECT count(*) FROM observations o WHERE " + animaliaOnly);
    assertThat(searcher.count(q().iconicTaxa(List.of(1), false, iconic).build())).isEqualTo(animaliaRest);
    // unknown: no taxon, or a taxon under no iconic taxon
    StringBuilder none = new StringBuilder("(o.taxon_id IS NULL OR (1");
    for (int y : iconic) {
      none.append(" AND NOT ").append(within(y));
    }
    none.append("))");
    same(q().iconicTaxa(List.of(), true, iconic).build(), none.toString());
    same(q().iconicTaxa(List.of(3), true, iconic).build(), "(" + within(3) + " OR " + none + ")");
    // an iconic taxon absent from the snapshot's tree selects nothing
    assertThat(searcher.count(q().iconicTaxa(List.of(999_999_999), false, iconic).build())).isZero();
  }

  @Test
  void aBoxAcrossTheAntimeridianIsTwoBoxes() throws Exception {
    // west edge at 0°, east edge at −100°: everything east of Greenwich or west of 100° W
    same(q().boundingBox(-90, 0, 90, -100).build(), "(longitude >= 0 OR longitude <= -100)");
    // the same box as a second box filter (the first is kept for the combined field)
    same(q().boundingBox(-90, -180, 90, 180).boundingBox(-90, 0, 90, -100).build(),
        "(longitude >= 0 OR longitude <= -100)");
  }
}
