package org.refugium.photos;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Which photos a store holds, remembered for a while so that a page of 30 cards (six sizes each, for the srcset)
 * does not stat the store 180 times on every render; with an S3 store each stat is a HEAD request.
 *
 * <p>Bounded (least recently used entries go first) and timed: a file that is present stays known for
 * {@code presentTtl} (photos never change once fetched, so this only delays noticing a deletion; and when the photo
 * route cannot open a file this said was there, the store changed under the node, so everything is forgotten,
 * see {@link #surprised}); an absent one, or one the store could not answer for
 * (unreachable: {@link IOException}), only for the short {@code absentTtl}, so a photo fetched while the node
 * serves, or a store that comes back, shows up within seconds. An unreachable store is never an error here: the
 * page shows the placeholder and the route answers 404; and after one failure the store is not asked again for
 * {@code absentTtl}, so pages stay fast while it is down.
 */
public final class PhotoPresence {

  /** Defaults for {@code serve}: ~100 bytes an entry, so 200k entries stay well under 50 MB. */
  public static final int DEFAULT_MAX_ENTRIES = 200_000;
  public static final long DEFAULT_PRESENT_TTL_NANOS = TimeUnit.MINUTES.toNanos(1);
  public static final long DEFAULT_ABSENT_TTL_NANOS = TimeUnit.SECONDS.toNanos(15);

  private record Known(PhotoStore.Stat stat, long expiresAt) {}

  private final PhotoStore store;
  private final int maxEntries;
  private final long presentTtl;
  private final long absentTtl;
  private final LongSupplier clock;
  private final Map<PhotoKey, Known> entries;
  private long storeErrors;
  /**
   * The store failed a stat (after the SDK's own retries): for {@code absentTtl} no photo not already known is
   * asked for, every one is absent. A page of 30 cards would otherwise wait for 180 failing HEADs in a row (each
   * up to a connect time-out with retries when the endpoint drops packets) before showing its placeholders.
   */
  private boolean storeDown;
  private long downUntil;

  public PhotoPresence(PhotoStore store) {
    this(store, DEFAULT_MAX_ENTRIES, DEFAULT_PRESENT_TTL_NANOS, DEFAULT_ABSENT_TTL_NANOS, System::nanoTime);
  }

  /** @param clock nanoseconds, monotonic (tests pass their own) */
  public PhotoPresence(PhotoStore store, int maxEntries, long presentTtlNanos, long absentTtlNanos, LongSupplier clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.store = store;
    this.maxEntries = maxEntries;
    this.presentTtl = presentTtlNanos;
    this.absentTtl = absentTtlNanos;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<PhotoKey, Known> eldest) {
        return size() > PhotoPresence.this.maxEntries;
      }
    };
  }

  public PhotoStore store() {
    return store;
  }

  /** The file's stat when the store holds it; empty when it does not or cannot say (unreachable). */
  public Optional<PhotoStore.Stat> stat(PhotoKey key) {
    long now = clock.getAsLong();
    synchronized (entries) {
      Known e = entries.get(key);
      if (e != null && now - e.expiresAt < 0) {
        return Optional.ofNullable(e.stat);
      }
      if (storeDown && now - downUntil < 0) {
        return Optional.empty(); // not asked: see storeDown
      }
    }
    // the store is asked outside the lock: a slow S3 HEAD must not hold up every other page
    PhotoStore.Stat stat;
    try {
      stat = store.stat(key).orElse(null);
    } catch (IOException | RuntimeException e) {
      stat = null;
      synchronized (entries) {
        storeErrors++;
        storeDown = true;
        downUntil = now + absentTtl;
      }
    }
    synchronized (entries) {
      entries.put(key, new Known(stat, now + (stat == null ? absentTtl : presentTtl)));
    }
    return Optional.ofNullable(stat);
  }

  public boolean has(PhotoKey key) {
    return stat(key).isPresent();
  }

  /**
   * The route could not open {@code key} although this said it was there: the store lost files or went away (a
   * disk unmounted, a bucket unreachable). Everything known is dropped, so the next pages ask the store again and
   * show placeholders rather than images that would not load.
   */
  public void surprised(PhotoKey key) {
    synchronized (entries) {
      entries.clear();
      storeErrors++;
    }
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /** How many stats failed with an error of the store itself (for logs and tests). */
  public long storeErrors() {
    synchronized (entries) {
      return storeErrors;
    }
  }
}
