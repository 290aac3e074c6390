package org.refugium.photos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.refugium.progress.Format;

/**
 * Copies the selected photos from a source into a photo store, recording each key in the {@link FetchJournal}.
 *
 * <p>Per key: skip when the journal says done (or missing, unless asked to retry those); when no run has tried
 * it, stat the store first and adopt a file already there (a run killed after storing it but before journaling
 * it, or a copy made by hand) without downloading it again; else GET it into a temporary file, check it ({@link
 * PhotoCheck}), put it into the store (atomic) and journal it. Time-outs, 5xx and failed checks are retried with
 * exponential backoff; 404s are recorded once. A full disk stops the whole run with one clear message.
 */
public final class PhotoFetcher {

  /** How to fetch. {@code retries}: tries after the first one. */
  public record Options(int concurrency, int retries, boolean retryMissing, Duration progressEvery) {
    public Options {
      if (concurrency < 1 || concurrency > 512) {
        throw new IllegalArgumentException("--concurrency must be 1..512: " + concurrency);
      }
      if (retries < 0) {
        throw new IllegalArgumentException("--retries must not be negative");
      }
    }
  }

  /** What would be done: printed before a fetch starts, and all of {@code --dry-run}. */
  public record Estimate(long photos, long keys, long done, long knownMissing, long toFetch, long approxBytes) {
    public String describe() {
      return String.format("%s photos, %s files: %s already done, %s known missing (404), %s to fetch, about %s",
          Format.count(photos), Format.count(keys), Format.count(done), Format.count(knownMissing),
          Format.count(toFetch), Format.bytes(approxBytes));
    }
  }

  /** What a run did. */
  public record Summary(long fetched, long alreadyPresent, long skipped, long missing, Map<String, Long> failed,
      long bytes, double seconds, String abortedBecause) {
    public long failedTotal() {
      return failed.values().stream().mapToLong(Long::longValue).sum();
    }

    public String describe() {
      StringBuilder s = new StringBuilder(String.format(
          "fetched %s (%s in %s, %.1f photos/s), already present %s, skipped (journal) %s, missing %s, failed %s",
          Format.count(fetched), Format.bytes(bytes), Format.duration(Duration.ofMillis((long) (seconds * 1000))),
          seconds > 0 ? fetched / seconds : 0.0, Format.count(alreadyPresent), Format.count(skipped),
          Format.count(missing), Format.count(failedTotal())));
      failed.forEach((reason, n) -> s.append("\n  failed: ").append(reason).append(": ").append(n));
      if (abortedBecause != null) {
        s.append("\n  stopped: ").append(abortedBecause);
      }
      return s.toString();
    }
  }

  private final PhotoStore store;
  private final HttpPhotoSource source;
  private final FetchJournal journal;
  private final Path tempDir;
  private final Options options;
  private final Consumer<String> say;

  private final LongAdder fetched = new LongAdder();
  private final LongAdder present = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder missing = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder processed = new LongAdder();
  private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
  private final AtomicReference<String> abort = new AtomicReference<>();
  private final AtomicLong tempCounter = new AtomicLong();

  public PhotoFetcher(PhotoStore store, HttpPhotoSource source, FetchJournal journal, Path tempDir, Options options,
      Consumer<String> say) {
    this.store = store;
    this.source = source;
    this.journal = journal;
    this.tempDir = tempDir;
    this.options = options;
    this.say = say;
  }

  /** Parses a {@code --max-rate} (500k, 20M, 1G bytes per second). */
  public static long parseRate(String rate) {
    return ByteRateLimiter.parse(rate);
  }

  /** Every key of the selection, photo by photo. */
  public static List<PhotoKey> keys(List<PhotoSelection.Photo> photos, List<String> sizes) {
    List<PhotoKey> keys = new java.util.ArrayList<>(photos.size() * sizes.size());
    for (PhotoSelection.Photo p : photos) {
      for (String size : sizes) {
        keys.add(new PhotoKey(p.photoId(), size, p.extension()));
      }
    }
    return keys;
  }

  public Estimate estimate(long photos, List<PhotoKey> keys) throws IOException {
    long done = 0;
    long knownMissing = 0;
    long bytesLeft = 0;
    for (PhotoKey key : keys) {
      Optional<FetchJournal.Entry> e = journal.get(key);
      if (e.isPresent() && e.get().state() == FetchJournal.State.DONE) {
        done++;
      } else if (e.isPresent() && e.get().state() == FetchJournal.State.MISSING && !options.retryMissing()) {
        knownMissing++;
      } else {
        bytesLeft += PhotoSelection.typicalBytes(key.size());
      }
    }
    return new Estimate(photos, keys.size(), done, knownMissing, keys.size() - done - knownMissing, bytesLeft);
  }

  public Summary run(List<PhotoKey> keys) throws IOException, InterruptedException {
    Files.createDirectories(tempDir);
    try (var leftovers = Files.newDirectoryStream(tempDir)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p); // downloads a killed run left half-written
      }
    }
    long start = System.nanoTime();
    long total = keys.size();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fetch-progress");
      t.setDaemon(true);
      return t;
    });
    long every = options.progressEvery().toMillis();
    ticker.scheduleAtFixedRate(() -> say.accept(progressLine(start, total)), every, every, TimeUnit.MILLISECONDS);
    ExecutorService pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
      Thread t = new Thread(r, "fetch");
      t.setDaemon(true);
      return t;
    });
    Semaphore inFlight = new Semaphore(options.concurrency() * 2);
    try {
      for (PhotoKey key : keys) {
        if (abort.get() != null) {
          break;
        }
        Optional<FetchJournal.Entry> prior = journal.get(key);
        if (prior.isPresent() && (prior.get().state() == FetchJournal.State.DONE
            || prior.get().state() == FetchJournal.State.MISSING && !options.retryMissing())) {
          skipped.increment();
          processed.increment();
          continue;
        }
        inFlight.acquire();
        pool.execute(() -> {
          try {
            process(key, prior.orElse(null));
          } catch (IOException | RuntimeException e) {
            fail(key, "error: " + e.getMessage(), 1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            processed.increment();
            inFlight.release();
          }
        });
      }
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // progress lines come from the ticker meanwhile
      }
    } finally {
      pool.shutdownNow();
      ticker.shutdownNow();
      try {
        journal.commit();
      } catch (IOException e) {
        stop("cannot write the journal: " + e.getMessage());
      }
    }
    Map<String, Long> failures = new TreeMap<>();
    failed.forEach((k, v) -> failures.put(k, v.sum()));
    return new Summary(fetched.sum(), present.sum(), skipped.sum(), missing.sum(), failures, bytes.sum(),
        (System.nanoTime() - start) / 1e9, abort.get());
  }

  private void process(PhotoKey key, FetchJournal.Entry prior) throws IOException, InterruptedException {
    if (abort.get() != null) {
      return;
    }
    if (store instanceof DirectoryPhotoStore dir) {
      dir.removeLeftovers(key.photoId());
    }
    if (prior == null || prior.state() != FetchJournal.State.DONE) {
      Optional<PhotoStore.Stat> stat;
      try {
        stat = store.stat(key);
      } catch (IOException e) {
        fail(key, "store: " + e.getMessage(), 1);
        return;
      }
      if (stat.isPresent() && adopt(key, stat.get())) {
        return;
      }
    }
    Path temp = null;
    try {
      int attempt = 0;
      while (true) {
        attempt++;
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
        // a new name per try: an abandoned (timed-out) transfer may still be writing to the old one
        temp = tempDir.resolve(key.photoId() + "-" + key.size() + "-" + tempCounter.incrementAndGet() + ".part");
        HttpPhotoSource.Result result = source.fetch(key, temp);
        String problem;
        boolean retryable;
        if (result instanceof HttpPhotoSource.Missing) {
          journal.missing(key, attempt);
          missing.increment();
          return;
        } else if (result instanceof HttpPhotoSource.Failed f) {
          problem = f.reason();
          retryable = f.retryable();
          if (diskFull(problem)) {
            stop("the disk of the temporary files is full (" + problem + ")");
            fail(key, problem, attempt);
            return;
          }
        } else {
          HttpPhotoSource.Fetched ok = (HttpPhotoSource.Fetched) result;
          problem = PhotoCheck.problem(temp, ok.bytes(), ok.md5(), ok.contentLength(), ok.etag());
          retryable = true;
          if (problem == null) {
            try {
              store.put(key, temp, ok.md5());
            } catch (IOException e) {
              String why = "store: " + e.getMessage();
              if (diskFull(why)) {
                stop("the photo store is full: " + e.getMessage());
              }
              fail(key, why, attempt);
              return;
            }
            journal.done(key, ok.bytes(), ok.md5(), attempt);
            fetched.increment();
            bytes.add(ok.bytes());
            return;
          }
        }
        if (!retryable || attempt > options.retries() || abort.get() != null) {
          fail(key, problem, attempt);
          return;
        }
        long backoff = Math.min(5_000, 200L << (attempt - 1));
        Thread.sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * A file the store already holds that the journal does not know as done: read it back, journal it as done
   * when it is whole. For an S3 store a single-part ETag is its MD5 and nothing is read.
   */
  private boolean adopt(PhotoKey key, PhotoStore.Stat stat) throws IOException {
    String md5;
    if (store instanceof S3PhotoStore && PhotoCheck.isMd5(stat.etag())) {
      md5 = stat.etag().toLowerCase(java.util.Locale.ROOT);
    } else {
      long[] n = new long[1];
      try (InputStream in = store.open(key, 0, -1)) {
        md5 = PhotoCheck.md5(in, n);
      }
      if (n[0] != stat.size() || stat.size() == 0) {
        return false; // not whole: fetch it again
      }
    }
    journal.done(key, stat.size(), md5, 0);
    present.increment();
    return true;
  }

  private void fail(PhotoKey key, String reason, int attempts) {
    failed.computeIfAbsent(category(reason), r -> new LongAdder()).increment();
    try {
      journal.failed(key, reason, attempts);
    } catch (IOException e) {
      stop("cannot write the journal: " + e.getMessage());
    }
  }

  private void stop(String why) {
    if (abort.compareAndSet(null, why)) {
      say.accept("stopping: " + why);
    }
  }

  /** The reason without its details, so the summary counts "etag mismatch" once, not once per photo. */
  static String category(String reason) {
    String r = reason.replaceAll(" \\(.*$", "");
    if (r.startsWith("store: ")) {
      return r.length() > 80 ? r.substring(0, 80) : r;
    }
    return r;
  }

  private static boolean diskFull(String message) {
    return message != null && (message.contains("No space left") || message.contains("Disk quota exceeded"));
  }

  private String progressLine(long start, long total) {
    double s = (System.nanoTime() - start) / 1e9;
    long done = processed.sum();
    long f = fetched.sum();
    double rate = s > 0 ? f / s : 0;
    double mbps = s > 0 ? bytes.sum() / s / 1e6 : 0;
    double perKey = s > 0 && done > 0 ? s / done : 0;
    long eta = (long) ((total - done) * perKey);
    return String.format("  photos fetch  %s/%s  %.1f photos/s  %.2f MB/s  missing %s  failed %s  ETA %s",
        Format.count(done), Format.count(total), rate, mbps, Format.count(missing.sum()),
        Format.count(failed.values().stream().mapToLong(LongAdder::sum).sum()),
        Format.duration(Duration.ofSeconds(eta)));
  }
}
