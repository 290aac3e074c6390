package org.refugium.bench;

import jakarta.ws.rs.core.MultivaluedHashMap;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.refugium.api.ApiConfig;
import org.refugium.api.QueryParams;
import org.refugium.api.TaxonService;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.search.SearchIndexes;
import org.refugium.search.TaxonSearch;

/**
 * The Java side of scripts/bench-api (a benchmark, not a test: nothing here runs in the test suite).
 *
 * <pre>
 *   ApiBench queries SNAPSHOT_DIR OUT_DIR          request lists for wrk, picked from the snapshot
 *   ApiBench autocomplete SNAPSHOT_DIR QUERIES SCRATCH_DIR
 *       the same autocomplete queries in-process, one thread: our Lucene index (TaxonSearch), the whole
 *       endpoint without HTTP (TaxonService, views included), and SQLite FTS5 as pyinaturalist-convert
 *       builds it, over the same names in a scratch file; wall and thread-CPU time per query, and ratios
 * </pre>
 */
public final class ApiBench {

  private static final int LIMIT = 10;
  private static final int WARMUP_PASSES = 3;
  private static final int PASSES = 5;

  private ApiBench() {}

  public static void main(String[] args) throws Exception {
    switch (args.length > 0 ? args[0] : "") {
      case "queries" -> BenchQueries.write(Path.of(args[1]), Path.of(args[2]));
      case "autocomplete" -> autocomplete(Path.of(args[1]), Files.readAllLines(Path.of(args[2])), Path.of(args[3]));
      default -> {
        System.err.println("usage: ApiBench queries SNAPSHOT OUT_DIR | autocomplete SNAPSHOT QUERIES SCRATCH_DIR");
        System.exit(2);
      }
    }
  }

  interface Query {
    List<Integer> run(String q) throws Exception;
  }

  record Timing(String what, double p50Micros, double p99Micros, double meanMicros, double cpuMicros) {
    String line() {
      return String.format(Locale.ROOT, "%-34s %9.0f %9.0f %9.0f %9.0f %10.0f", what, p50Micros, p99Micros,
          meanMicros, cpuMicros, 1e6 / cpuMicros);
    }
  }

  static void autocomplete(Path snapshot, List<String> queries, Path scratch) throws Exception {
    Files.createDirectories(scratch);
    try (TaxonSearch lucene = TaxonSearch.open(snapshot.resolve("index").resolve(SearchIndexes.TAXA));
         ServedSnapshot served = ServedSnapshot.open("bench", snapshot, 2);
         Fts5Autocomplete fts = Fts5Autocomplete.build(snapshot, scratch.resolve("fts5.sqlite"))) {
      TaxonService service = new TaxonService(served, ApiConfig.defaults());
      Query ours = q -> lucene.autocomplete(q, "en", LIMIT).stream().map(TaxonSearch.Hit::id).toList();
      Query endpoint = q -> {
        MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
        params.putSingle("q", q);
        params.putSingle("per_page", String.valueOf(LIMIT));
        return service.autocomplete(new QueryParams(params)).results().stream().map(v -> (int) v.id).toList();
      };
      Query sqlite = q -> fts.search(q, "en", LIMIT);

      int agreeTop1 = 0;
      int bothFound = 0;
      for (String q : queries) {
        List<Integer> a = ours.run(q);
        List<Integer> b = sqlite.run(q);
        if (!a.isEmpty() && !b.isEmpty()) {
          bothFound++;
          agreeTop1 += Objects.equals(a.get(0), b.get(0)) ? 1 : 0;
        }
      }
      Timing luceneT = time("Lucene TaxonSearch (index only)", ours, queries);
      Timing endpointT = time("TaxonService.autocomplete (+views)", endpoint, queries);
      Timing ftsT = time("SQLite FTS5 (pyinaturalist-convert)", sqlite, queries);
      System.out.printf(Locale.ROOT, "%n%d autocomplete queries, limit %d, one thread, %d passes after %d warm-up"
          + " passes (µs per query)%n", queries.size(), LIMIT, PASSES, WARMUP_PASSES);
      System.out.printf("%-34s %9s %9s %9s %9s %10s%n", "", "p50", "p99", "mean", "cpu", "q/cpu-s");
      System.out.println(luceneT.line());
      System.out.println(endpointT.line());
      System.out.println(ftsT.line());
      System.out.printf(Locale.ROOT, "ratio FTS5 / Lucene: p50 %.2fx, p99 %.2fx, cpu %.2fx (> 1: Lucene faster)%n",
          ftsT.p50Micros / luceneT.p50Micros, ftsT.p99Micros / luceneT.p99Micros, ftsT.cpuMicros / luceneT.cpuMicros);
      System.out.printf(Locale.ROOT, "ratio FTS5 / whole endpoint: p50 %.2fx, p99 %.2fx, cpu %.2fx%n",
          ftsT.p50Micros / endpointT.p50Micros, ftsT.p99Micros / endpointT.p99Micros,
          ftsT.cpuMicros / endpointT.cpuMicros);
      System.out.printf("both found something for %d of %d queries; same first taxon for %d of them%n",
          bothFound, queries.size(), agreeTop1);
    }
  }

  private static Timing time(String what, Query query, List<String> queries) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int pass = 0; pass < WARMUP_PASSES; pass++) {
      for (String q : queries) {
        query.run(q);
      }
    }
    long[] wall = new long[queries.size() * PASSES];
    int i = 0;
    long cpu0 = threads.getCurrentThreadCpuTime();
    for (int pass = 0; pass < PASSES; pass++) {
      for (String q : queries) {
        long t0 = System.nanoTime();
        query.run(q);
        wall[i++] = System.nanoTime() - t0;
      }
    }
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / wall.length;
    Arrays.sort(wall);
    double mean = Arrays.stream(wall).average().orElse(0) / 1e3;
    return new Timing(what, wall[wall.length / 2] / 1e3, wall[(int) (wall.length * 0.99)] / 1e3, mean, cpu);
  }
}
