package org.refugium.search;

import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * Vernacular names written into a test copy of the sample's record, standing in for the taxonomy
 * DwC-A (its reader is not part of this package). The taxa are the sample's own; the English names
 * are iNaturalist's, the Russian ones common usage, chosen to exercise Cyrillic, ё and word order.
 */
final class VernacularNamesFixture {

  static final int MALLARD = 6930;            // Anas platyrhynchos
  static final int ANAS = 6922;
  static final int ANATIDAE = 6912;
  static final int RUDDY_TURNSTONE = 3938;    // Arenaria interpres
  static final int BLACK_SLUG = 82003;        // Arion ater
  static final int RED_TAILED_SQUIRREL = 46010; // Sciurus granatensis
  static final int PIERIDAE = 48508;

  private static final Object[][] NAMES = {
      {MALLARD, "Mallard", "en"},
      {MALLARD, "Кряква", "ru"},
      {ANATIDAE, "Ducks, Geese, and Swans", "en"},
      {ANATIDAE, "Утиные", "ru"},
      {RUDDY_TURNSTONE, "Ruddy Turnstone", "en"},
      {RUDDY_TURNSTONE, "Камнешарка", "ru"},
      {BLACK_SLUG, "Black Slug", "en"},
      {BLACK_SLUG, "Чёрный слизень", "ru"},
      {RED_TAILED_SQUIRREL, "Red-tailed Squirrel", "en"},
      {RED_TAILED_SQUIRREL, "Рыжехвостая белка", "ru"},
      {PIERIDAE, "Whites, Yellows, and Sulphurs", "en"},
      {PIERIDAE, "Белянки", "ru"},
  };

  private VernacularNamesFixture() {}

  static void insert(Connection db) throws Exception {
    try (PreparedStatement insert = db.prepareStatement(
        "INSERT INTO taxon_names (taxon_id, name, locale, lexicon, position) VALUES (?, ?, ?, 'fixture', 0)")) {
      for (Object[] n : NAMES) {
        insert.setInt(1, (Integer) n[0]);
        insert.setString(2, (String) n[1]);
        insert.setString(3, (String) n[2]);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
