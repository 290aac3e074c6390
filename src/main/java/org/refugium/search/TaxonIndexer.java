package org.refugium.search;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.refugium.archive.TaxonTree;
import org.refugium.progress.Progress;

/**
 * Writes the taxa index: taxa in id order merge-joined with taxon_names in (taxon_id, locale, position)
 * order, both read through their indexes in one pass, so no name costs a lookup of its own.
 */
final class TaxonIndexer {

  private static final String TAXA = "SELECT id, parent_id, rank, rank_level, name, active, iconic_taxon_id,"
      + " observations_count FROM taxa ORDER BY id";
  private static final String NAMES = "SELECT taxon_id, locale, name FROM taxon_names"
      + " INDEXED BY taxon_names_taxon ORDER BY taxon_id, locale, position";

  private TaxonIndexer() {}

  static long build(Connection db, TaxonTree tree, Path dir, Progress progress) throws IOException, SQLException {
    long total = IndexFiles.count(db, "taxa");
    AtomicLong done = new AtomicLong();
    try (Directory directory = FSDirectory.open(dir);
        IndexWriter writer = IndexFiles.writer(directory, NameAnalysis.indexAnalyzer());
        Statement taxaSt = db.createStatement();
        Statement namesSt = db.createStatement();
        ResultSet taxa = taxaSt.executeQuery(TAXA);
        ResultSet names = namesSt.executeQuery(NAMES)) {
      try (Progress.Task task = progress.start("index taxa", done::get, total)) {
        int[] path = TaxonTree.pathBuffer();
        boolean moreNames = names.next();
        long docs = 0;
        while (taxa.next()) {
          int id = taxa.getInt(1);
          List<TaxonFields.Name> own = new ArrayList<>();
          while (moreNames && names.getLong(1) < id) {
            moreNames = names.next(); // names of taxa missing from taxa.csv: nothing to attach them to
          }
          while (moreNames && names.getLong(1) == id) {
            String name = names.getString(3);
            if (name != null && !name.isBlank()) {
              own.add(new TaxonFields.Name(names.getString(2), name));
            }
            moreNames = names.next();
          }
          int n = tree.selfAndAncestors(id, path);
          int[] ancestors = n > 1 ? Arrays.copyOfRange(path, 1, n) : new int[0];
          writer.addDocument(TaxonFields.document(new TaxonFields.TaxonRow(id, intOrNull(taxa, 2), taxa.getString(3),
              doubleOrNull(taxa, 4), taxa.getString(5), taxa.getInt(6) != 0, intOrNull(taxa, 7), taxa.getLong(8),
              ancestors, own)));
          docs++;
          task.addRows(1);
          done.incrementAndGet();
        }
        writer.commit();
        return docs;
      }
    }
  }

  static Integer intOrNull(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
