package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uuid hash join that pairs staged enrichment rows with loaded observations, on a real SQLite file: exactly the
 * pairs SQL's string equality would give (lowercase canonical uuids), in one pass and in several.
 */
class UuidMatchTest {

  @TempDir
  Path dir;

  @Test
  void pairsEachObservationWithTheStagedRowOfItsUuidInOnePassOrSeveral() throws Exception {
    // written out by hand: load key → the staged rowid SQL's `w.uuid = o.uuid` pairs it with
    Map<Long, Long> expected = new LinkedHashMap<>();
    expected.put(1L, 30L);
    expected.put(2L, 10L);
    expected.put(5L, 10L); // a repeated observation uuid: both load rows pair (the rebuild rejects the second)
    expected.put(6L, 40L);
    for (int rowsPerPass : new int[] {UuidMatch.ROWS_PER_PASS, 2, 1}) {
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m" + rowsPerPass + ".sqlite"))) {
        try (Statement st = db.createStatement()) {
          st.execute("CREATE TABLE observations (id INTEGER PRIMARY KEY, uuid TEXT)");
          st.execute("INSERT INTO observations VALUES"
              + " (1, 'aaaaaaaa-0000-4000-8000-000000000001'),"
              + " (2, 'bbbbbbbb-0000-4000-8000-000000000002'),"
              + " (3, 'CCCCCCCC-0000-4000-8000-000000000003')," // staged in lower case: SQL would not pair it
              + " (4, NULL),"
              + " (5, 'bbbbbbbb-0000-4000-8000-000000000002'),"
              + " (6, 'dddddddd-0000-4000-8000-000000000004'),"
              + " (7, 'eeeeeeee-0000-4000-8000-000000000005')"); // no staged row
          st.execute("CREATE TEMP TABLE staged (line INTEGER PRIMARY KEY, uuid TEXT)");
          st.execute("INSERT INTO temp.staged VALUES"
              + " (10, 'bbbbbbbb-0000-4000-8000-000000000002'),"
              + " (20, 'cccccccc-0000-4000-8000-000000000003'),"
              + " (30, 'aaaaaaaa-0000-4000-8000-000000000001'),"
              + " (35, NULL),"
              + " (40, 'dddddddd-0000-4000-8000-000000000004'),"
              + " (50, 'ffffffff-0000-4000-8000-000000000006')"); // matches nothing
        }
        long pairs = UuidMatch.build(db, "temp.staged", UuidMatch.tableFor("temp.staged"), rowsPerPass);
        assertThat(pairs).as("pairs, %d staged rows per pass", rowsPerPass).isEqualTo(expected.size());
        Map<Long, Long> found = new LinkedHashMap<>();
        try (Statement st = db.createStatement();
            ResultSet rs = st.executeQuery("SELECT load_key, row FROM temp.staged_match ORDER BY rowid")) {
          while (rs.next()) {
            found.put(rs.getLong(1), rs.getLong(2));
          }
        }
        assertThat(found).as("%d staged rows per pass", rowsPerPass).containsExactlyEntriesOf(expected);
      }
    }
  }
}
