package org.refugium.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.refugium.archive.SqliteFiles;
import org.refugium.archive.TaxonTree;
import org.refugium.progress.Progress;

/**
 * Builds a snapshot's Lucene indexes from its SQLite record, after PostLoad (the indexes, orphan flags
 * and taxon counts it derives are read here). Schemas: {@link TaxonFields}, {@link ObservationFields};
 * layout, analysis and measured figures: docs/search-index.md.
 */
public final class SearchIndexes {

  public static final String TAXA = "taxa";
  public static final String OBSERVATIONS = "observations";

  /**
   * Threads adding observation documents, beside the thread reading SQLite. Reading is ~1/4 of the
   * per-row cost (3.4 of ~14 µs), so one indexing thread per core keeps every core busy: on 2 cores, 2
   * indexing threads gave 129k docs/s against 94k with one (docs/search-index.md).
   */
  static int defaultIndexThreads() {
    return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 6));
  }

  private SearchIndexes() {}

  /**
   * Builds {@code index/taxa} and {@code index/observations} from the finished record {@code database}
   * (read-only connections: nothing writes it any more); returns the document count of each.
   */
  public static Map<String, Long> build(Path database, Path indexDir, Progress progress)
      throws IOException, SQLException {
    return build(database, indexDir, progress, defaultIndexThreads(), false);
  }

  /**
   * While the taxa index is built, two more connections gather the observations' photo and project links
   * ({@link ObservationLinks}, ~3 µs per observation at 10M, in two halves of the uuid space); the
   * observations index then needs both.
   */
  static Map<String, Long> build(Path database, Path indexDir, Progress progress, int indexThreads, boolean forceMerge)
      throws IOException, SQLException {
    Files.createDirectories(indexDir);
    try (Connection db = SqliteFiles.openReadOnly(database); Connection linksDb = SqliteFiles.openReadOnly(database);
        Connection linksDb2 = SqliteFiles.openReadOnly(database)) {
      TaxonTree tree = TaxonTree.load(db);
      long start = System.nanoTime();
      SqlOnThread<ObservationLinks> links = SqlOnThread.start("linking photos and projects", "observation-links", () -> {
        ObservationLinks read = ObservationLinks.read(linksDb, linksDb2);
        progress.say(String.format("  %-40s %6.1fs", "linking photos and projects", (System.nanoTime() - start) / 1e9));
        return read;
      });
      Map<String, Long> counts = new LinkedHashMap<>();
      try {
        counts.put(TAXA, TaxonIndexer.build(db, tree, indexDir.resolve(TAXA), progress));
      } finally {
        links.awaitQuietly(); // the other connections must be idle before they close
      }
      counts.put(OBSERVATIONS, new ObservationIndexer(indexThreads, forceMerge)
          .build(db, tree, links.result(), indexDir.resolve(OBSERVATIONS), progress));
      return counts;
    } catch (IOException | SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("indexing observations failed: " + e.getMessage(), e);
    }
  }
}
