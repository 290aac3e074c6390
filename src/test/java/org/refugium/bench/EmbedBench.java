package org.refugium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.refugium.recognition.Backbone;
import org.refugium.recognition.archive.ArchiveNeighbours;
import org.refugium.recognition.archive.NeighbourFilter;
import org.refugium.recognition.archive.VectorFields;
import org.refugium.recognition.archive.VectorFormat;

/**
 * Benchmark, not a test (scripts/bench-embed): embedding throughput on the labelled plant photos,
 * then filtered kNN over generated vectors in each storage format: build rate, bytes per vector on
 * disk, query p50/p99 and recall@10 against an exact scan of the same filtered set.
 *
 * <p>Generated vectors: each is a real plant embedding plus Gaussian noise (cosine ~0.7 to its seed),
 * so they cluster as photos of a taxon do; uniform random vectors would flatter neither HNSW nor the
 * quantizers. Args: plantsDir model.tflite workDir vectors queries.
 */
public final class EmbedBench {

  public static void main(String[] args) throws Exception {
    Path plants = Path.of(args[0]);
    Path model = Path.of(args[1]);
    Path work = Path.of(args[2]);
    int n = Integer.parseInt(args[3]);
    int queries = Integer.parseInt(args[4]);
    // FORMATS=int8 (say) measures one format: at 1M vectors each HNSW build takes minutes
    List<VectorFormat> formats = args.length > 5 && !args[5].isBlank()
        ? Stream.of(args[5].split(",")).map(String::strip).map(VectorFormat::parse).toList()
        : List.of(VectorFormat.values());
    List<Path> photos;
    try (Stream<Path> s = Files.walk(plants)) {
      photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    List<byte[]> bytes = new ArrayList<>();
    for (Path p : photos) {
      bytes.add(Files.readAllBytes(p));
    }
    System.out.printf("cores: %d, load average at start: %s%n",
        Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).strip());
    float[][] seeds = new float[bytes.size()][];
    try (Backbone b = Backbone.load(model, null)) {
      for (int threads : new int[] {1, 2}) {
        ExecutorService pool = Executors.newFixedThreadPool(threads); // not the main thread (libtorch)
        List<Future<float[]>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        for (byte[] img : bytes) {
          done.add(pool.submit(() -> b.embed(img)));
        }
        for (int i = 0; i < done.size(); i++) {
          seeds[i] = done.get(i).get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        pool.shutdown();
        System.out.printf("embed (decode + resize + MobileNetV2 to the pooled 1280-d), %d thread(s): %d"
            + " photos in %.1f s = %.1f photos/s; process CPU %.1f s = %.1f photos per CPU-second%n",
            threads, bytes.size(), s, bytes.size() / s, cpu, bytes.size() / cpu);
      }
    }
    int dims = seeds[0].length;
    Random rnd = new Random(1);
    float[][] vectors = new float[n][];
    int[] seedOf = new int[n];
    int[] month = new int[n];
    boolean[] research = new boolean[n];
    for (int i = 0; i < n; i++) {
      seedOf[i] = rnd.nextInt(seeds.length);
      vectors[i] = noisy(seeds[seedOf[i]], rnd);
      month[i] = 1 + rnd.nextInt(12);
      research[i] = rnd.nextDouble() < 0.7;
    }
    float[][] q = new float[queries][];
    for (int i = 0; i < queries; i++) {
      q[i] = noisy(seeds[rnd.nextInt(seeds.length)], rnd);
    }
    // Filter: research grade and a three-month season (Dec-Feb): ~17% of the vectors.
    Set<Integer> season = Set.of(12, 1, 2);
    NeighbourFilter filter = NeighbourFilter.research().withMonths(season);
    List<int[]> exact = new ArrayList<>();
    for (float[] query : q) {
      exact.add(exactTop(query, vectors, i -> research[i] && season.contains(month[i]), 10));
    }
    System.out.printf("%d generated vectors of %d dims, %d queries, filter research + Dec-Feb%n", n,
        dims, queries);
    for (VectorFormat f : formats) {
      Path dir = work.resolve("knn-" + f.lowerName());
      deleteTree(dir);
      long t0 = System.nanoTime();
      long cpu0 = cpuNanos();
      try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig()
          .setCodec(f.codec()).setRAMBufferSizeMB(1024))) {
        for (int i = 0; i < n; i++) {
          w.addDocument(VectorFields.document(new VectorFields.PhotoRecord(i, "jpg", i, null,
              seedOf[i] % 7, new int[] {48460, 47126, seedOf[i] % 7}, 10.0, 20.0,
              String.format("2020-%02d-15", month[i]), research[i] ? "research" : "needs_id", 1),
              vectors[i]));
        }
        w.forceMerge(1);
      }
      double build = (System.nanoTime() - t0) / 1e9;
      double buildCpu = (cpuNanos() - cpu0) / 1e9;
      long disk;
      try (Stream<Path> s = Files.list(dir)) {
        disk = s.mapToLong(p -> p.toFile().length()).sum();
      }
      // as searched: k = 10 from the graph alone, and as ArchiveNeighbours asks (3k candidates from the graph,
      // re-ranked by the full-precision vectors, the best 10 kept)
      long[] nanos = new long[queries];
      long[] rescoredNanos = new long[queries];
      double recall = 0;
      double rescoredRecall = 0;
      try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir))) {
        IndexSearcher searcher = new IndexSearcher(r);
        for (int rep = 0; rep < 2; rep++) { // the first pass warms the page cache and the JIT
          recall = 0;
          rescoredRecall = 0;
          for (int i = 0; i < queries; i++) {
            long s0 = System.nanoTime();
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VectorFields.VECTOR, q[i], 10,
                filter.toQuery()), 10);
            nanos[i] = System.nanoTime() - s0;
            recall += recall(r, top, exact.get(i));
            s0 = System.nanoTime();
            TopDocs candidates = searcher.search(new KnnFloatVectorQuery(VectorFields.VECTOR, q[i], 30,
                filter.toQuery()), 30);
            TopDocs rescored = ArchiveNeighbours.fullPrecision(q[i]).rescore(searcher, candidates, 10);
            rescoredNanos[i] = System.nanoTime() - s0;
            rescoredRecall += recall(r, rescored, exact.get(i));
          }
        }
      }
      Arrays.sort(nanos);
      Arrays.sort(rescoredNanos);
      System.out.printf("%-8s build %5.1f s (%6.0f vectors/s, %6.0f per CPU-second), disk %6.1f MB = %5d B/vector,"
              + " searched in RAM ~%5d B/vector + graph; kNN+filter p50 %5.2f ms p99 %5.2f ms;"
              + " recall@10 %.3f; 30 rescored to 10: p50 %5.2f ms p99 %5.2f ms, recall@10 %.3f%n", f.lowerName(),
          build, n / build, n / buildCpu, disk / 1e6, disk / n,
          f.searchBytes(dims), nanos[queries / 2] / 1e6, nanos[(int) (queries * 0.99)] / 1e6,
          recall / queries, rescoredNanos[queries / 2] / 1e6, rescoredNanos[(int) (queries * 0.99)] / 1e6,
          rescoredRecall / queries);
      deleteTree(dir);
    }
  }

  /** The share of the exact top 10 among the found photos. */
  private static double recall(DirectoryReader r, TopDocs top, int[] exact) throws IOException {
    Set<Integer> want = new java.util.HashSet<>();
    for (int d : exact) {
      want.add(d);
    }
    int hit = 0;
    for (ScoreDoc sd : top.scoreDocs) {
      long photo = r.storedFields().document(sd.doc).getField(VectorFields.PHOTO_ID).numericValue().longValue();
      if (want.contains((int) photo)) {
        hit++;
      }
    }
    return hit / 10.0;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static float[] noisy(float[] seed, Random rnd) {
    float[] v = new float[seed.length];
    double sigma = 0.03; // per dimension: cosine to the seed ~0.7 at 1280 dims
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (seed[i] + sigma * rnd.nextGaussian());
    }
    return Backbone.normalize(v);
  }

  private static int[] exactTop(float[] q, float[][] all, java.util.function.IntPredicate ok, int k) {
    int[] best = new int[k];
    double[] score = new double[k];
    Arrays.fill(score, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < all.length; i++) {
      if (!ok.test(i)) {
        continue;
      }
      double s = 0;
      for (int d = 0; d < q.length; d++) {
        s += q[d] * all[i][d];
      }
      if (s > score[k - 1]) {
        int j = k - 1;
        while (j > 0 && score[j - 1] < s) {
          score[j] = score[j - 1];
          best[j] = best[j - 1];
          j--;
        }
        score[j] = s;
        best[j] = i;
      }
    }
    return best;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }
}
