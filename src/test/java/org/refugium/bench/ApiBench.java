package org.refugium.bench;

import jakarta.ws.rs.core.MultivaluedHashMap;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.refugium.api.ApiConfig;
import org.refugium.api.ApiJson;
import org.refugium.api.ObservationParams;
import org.refugium.api.ObservationService;
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
 *   ApiBench observations SNAPSHOT_DIR REQUESTS
 *       the /v1/observations request list in-process, one thread, by stage: the index alone (count + page of ids),
 *       the whole service (rows and views), and the service plus the JSON the server writes; hits per query
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
      case "observations" -> observations(Path.of(args[1]), Files.readAllLines(Path.of(args[2])));
      default -> {
        System.err.println("usage: ApiBench queries SNAPSHOT OUT_DIR | autocomplete SNAPSHOT QUERIES SCRATCH_DIR"
            + " | observations SNAPSHOT REQUESTS");
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

  static void observations(Path snapshot, List<String> requests) throws Exception {
    try (ServedSnapshot served = ServedSnapshot.open("bench", snapshot, 2)) {
      ObservationService service = new ObservationService(served, ApiConfig.defaults());
      List<ObservationParams> params = requests.stream().map(ApiBench::observationParams).toList();
      List<String> keys = java.util.stream.IntStream.range(0, params.size()).mapToObj(String::valueOf).toList();
      long[] totals = params.stream().mapToLong(p -> served.observations().page(service.resolve(p), p.sort(),
          0, p.perPage()).total()).sorted().toArray();
      Query index = k -> {
        ObservationParams p = params.get(Integer.parseInt(k));
        served.observations().page(service.resolve(p), p.sort(), 0, p.perPage());
        return List.of();
      };
      Query whole = k -> {
        service.search(params.get(Integer.parseInt(k)));
        return List.of();
      };
      Query json = k -> {
        ApiJson.MAPPER.writeValueAsBytes(service.search(params.get(Integer.parseInt(k))));
        return List.of();
      };
      List<Object> bodies = new ArrayList<>();
      for (ObservationParams p : params) {
        bodies.add(service.search(p));
      }
      Query jsonOnly = k -> {
        ApiJson.MAPPER.writeValueAsBytes(bodies.get(Integer.parseInt(k)));
        return List.of();
      };
      Timing indexT = time("index: count + page of ids", index, keys);
      Timing wholeT = time("service: + rows and views", whole, keys);
      Timing jsonT = time("service + JSON bytes", json, keys);
      Timing jsonOnlyT = time("JSON bytes alone", jsonOnly, keys);
      System.out.printf(Locale.ROOT, "%n%d /v1/observations requests, one thread, %d passes after %d warm-up passes"
          + " (µs per request)%n", params.size(), PASSES, WARMUP_PASSES);
      System.out.printf("%-34s %9s %9s %9s %9s %10s%n", "", "p50", "p99", "mean", "cpu", "q/cpu-s");
      System.out.println(indexT.line());
      System.out.println(wholeT.line());
      System.out.println(jsonT.line());
      System.out.println(jsonOnlyT.line());
      System.out.println("slowest requests (index alone, µs over 5 runs: best; hits):");
      List<long[]> slowest = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
          long t0 = System.nanoTime();
          index.run(keys.get(i));
          best = Math.min(best, System.nanoTime() - t0);
        }
        ObservationParams p = params.get(i);
        slowest.add(new long[] {best / 1000, served.observations().page(service.resolve(p), p.sort(), 0, p.perPage())
            .total(), i});
      }
      slowest.sort((a, b) -> Long.compare(b[0], a[0]));
      for (long[] s : slowest.subList(0, Math.min(5, slowest.size()))) {
        System.out.printf(Locale.ROOT, "  %6d µs %7d hits  %s%n", s[0], s[1], requests.get((int) s[2]));
      }
      System.out.printf(Locale.ROOT, "hits per request: p10 %d, p50 %d, p90 %d, p99 %d, max %d%n",
          totals[totals.length / 10], totals[totals.length / 2], totals[totals.length * 9 / 10],
          totals[(int) (totals.length * 0.99)], totals[totals.length - 1]);
    }
  }

  /** A request path of the wrk list as the API parses it. */
  private static ObservationParams observationParams(String path) {
    MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
    String query = path.substring(path.indexOf('?') + 1);
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      params.add(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return ObservationParams.parse(new QueryParams(params));
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
