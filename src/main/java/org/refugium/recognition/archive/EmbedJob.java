package org.refugium.recognition.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoStore;
import org.refugium.progress.Progress;
import org.refugium.recognition.Backbone;
import org.refugium.recognition.UnreadableImageException;

/**
 * Embeds the snapshot's photos that the index does not hold yet: reads each photo of one size
 * through the {@link PhotoStore}, decodes, runs the backbone, adds the vector. Workers run in
 * parallel (decode and inference of different photos overlap); the writer commits every batch.
 * A photo the store lacks is counted and left for a later run; an unreadable one is counted.
 */
public final class EmbedJob {

  /** What one run did. */
  public record Summary(long embedded, long alreadyPresent, long notInStore, long unreadable,
      long failed, long indexSize, double seconds) {
    public double rate() {
      return seconds > 0 ? embedded / seconds : 0;
    }
  }

  private final Connection db;
  private final PhotoStore store;
  private final Backbone backbone;
  private final String size;
  private final int threads;
  private final Progress progress;

  public EmbedJob(Connection db, PhotoStore store, Backbone backbone, String size, int threads,
      Progress progress) {
    if (!PhotoKey.SIZES.contains(size)) {
      throw new IllegalArgumentException("photo size must be one of " + PhotoKey.SIZES);
    }
    this.db = db;
    this.store = store;
    this.backbone = backbone;
    this.size = size;
    this.threads = Math.max(1, threads);
    this.progress = progress;
  }

  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  /** @param limit at most this many new photos (0 = all) */
  public Summary run(VectorIndexWriter writer, long limit) throws IOException, SQLException {
    ArchivePhotos photos = new ArchivePhotos(db);
    long total = photos.count();
    AtomicLong embedded = new AtomicLong();
    AtomicLong present = new AtomicLong();
    AtomicLong missing = new AtomicLong();
    AtomicLong unreadable = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong submitted = new AtomicLong();
    long goal = limit > 0 ? Math.min(limit, total) : total;
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * 4), new ThreadPoolExecutor.CallerRunsPolicy());
    long start = System.nanoTime();
    try (Progress.Task task = progress.start("embedding photos",
        () -> embedded.get() + present.get(), goal)) {
      try {
        photos.forEach(0, r -> {
          if (writer.has(r.photoId())) {
            present.incrementAndGet();
            return;
          }
          if (limit > 0 && submitted.get() >= limit) {
            throw new Stop();
          }
          submitted.incrementAndGet();
          pool.execute(() -> {
            try {
              float[] v = embed(r, missing, unreadable);
              if (v != null && writer.add(r, v)) {
                embedded.incrementAndGet();
                task.addRows(1);
              }
            } catch (IOException | RuntimeException e) {
              failed.incrementAndGet();
              progress.say("photo " + r.photoId() + ": " + e.getMessage());
            }
          });
        });
      } catch (Stop e) {
        // --limit reached
      }
      pool.shutdown();
      try {
        pool.awaitTermination(365, TimeUnit.DAYS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
      writer.commit();
    } finally {
      pool.shutdownNow();
    }
    return new Summary(embedded.get(), present.get(), missing.get(), unreadable.get(),
        failed.get(), writer.size(), (System.nanoTime() - start) / 1e9);
  }

  private float[] embed(VectorFields.PhotoRecord r, AtomicLong missing, AtomicLong unreadable)
      throws IOException {
    PhotoKey key = new PhotoKey(r.photoId(), size, r.extension() == null ? "jpg"
        : r.extension());
    Optional<PhotoStore.Stat> stat = store.stat(key);
    if (stat.isEmpty()) {
      missing.incrementAndGet();
      return null;
    }
    byte[] bytes;
    try (InputStream in = store.open(key, 0, -1)) {
      bytes = in.readAllBytes();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    try {
      return backbone.embed(bytes);
    } catch (UnreadableImageException e) {
      unreadable.incrementAndGet();
      return null;
    }
  }
}
