package org.refugium.photos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.testing.SharedData;

/** The presence cache over a real directory store, on a clock the test moves (no waiting). */
class PhotoPresenceTest {

  @TempDir
  Path tmp;

  final AtomicLong now = new AtomicLong(1_000);

  @Test
  void presentLongAbsentShortBoundedAndDroppedOnSurprise() throws Exception {
    DirectoryPhotoStore store = DirectoryPhotoStore.open(tmp.resolve("store"));
    Path photo = SharedData.data("photos/plants/rosa").toFile().listFiles()[0].toPath();
    PhotoKey a = new PhotoKey(1, "medium", "jpg");
    PhotoKey b = new PhotoKey(2, "medium", "jpg");
    PhotoPresence presence = new PhotoPresence(store, 3, TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(5),
        now::get);
    store.put(a, photo, null);
    assertThat(presence.has(a)).isTrue();
    assertThat(presence.has(b)).isFalse();

    // within the TTLs the store is not asked again: changes are not seen yet
    store.delete(a);
    store.put(b, photo, null);
    now.addAndGet(TimeUnit.SECONDS.toNanos(4));
    assertThat(presence.has(a)).isTrue();
    assertThat(presence.has(b)).isFalse();
    // the absent answer expires first
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertThat(presence.has(b)).isTrue();
    assertThat(presence.has(a)).isTrue();
    now.addAndGet(TimeUnit.SECONDS.toNanos(60));
    assertThat(presence.has(a)).isFalse();

    // bounded: the least recently used entry goes
    for (int i = 10; i < 20; i++) {
      presence.has(new PhotoKey(i, "square", "jpg"));
    }
    assertThat(presence.size()).isEqualTo(3);

    // a surprise (the route could not open what was known present) forgets everything
    presence.has(b);
    assertThat(presence.size()).isEqualTo(3);
    presence.surprised(b);
    assertThat(presence.size()).isZero();
    assertThat(presence.storeErrors()).isEqualTo(1);
  }

  @Test
  void aFailingStoreIsNotAskedAgainUntilTheAbsentTtlHasPassed() throws Exception {
    DirectoryPhotoStore real = DirectoryPhotoStore.open(tmp.resolve("store"));
    Path photo = SharedData.data("photos/plants/rosa").toFile().listFiles()[0].toPath();
    PhotoKey known = new PhotoKey(1, "medium", "jpg");
    real.put(known, photo, null);
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
    AtomicLong asked = new AtomicLong();
    // the real directory store, failing as an unreachable S3 endpoint does while `down` is set
    PhotoStore store = new PhotoStore() {
      @Override
      public java.util.Optional<Stat> stat(PhotoKey key) throws java.io.IOException {
        asked.incrementAndGet();
        if (down.get()) {
          throw new java.io.IOException("connect refused");
        }
        return real.stat(key);
      }

      @Override
      public java.io.InputStream open(PhotoKey key, long offset, long length) throws java.io.IOException {
        return real.open(key, offset, length);
      }

      @Override
      public void put(PhotoKey key, Path file, String md5) throws java.io.IOException {
        real.put(key, file, md5);
      }

      @Override
      public void delete(PhotoKey key) throws java.io.IOException {
        real.delete(key);
      }

      @Override
      public String describe() {
        return real.describe();
      }

      @Override
      public void close() {}
    };
    PhotoPresence presence = new PhotoPresence(store, 100, TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(5),
        now::get);
    assertThat(presence.has(known)).isTrue();
    down.set(true);
    assertThat(presence.has(new PhotoKey(2, "medium", "jpg"))).isFalse();
    assertThat(asked.get()).isEqualTo(2);
    // while it is down, the other photos of a page are absent without a request each; a known one stays known
    for (int i = 3; i < 33; i++) {
      assertThat(presence.has(new PhotoKey(i, "square", "jpg"))).isFalse();
    }
    assertThat(presence.has(known)).isTrue();
    assertThat(asked.get()).isEqualTo(2);
    assertThat(presence.storeErrors()).isEqualTo(1);
    // once the absent TTL has passed the store is asked again, and found back
    down.set(false);
    now.addAndGet(TimeUnit.SECONDS.toNanos(6));
    assertThat(presence.has(new PhotoKey(3, "square", "jpg"))).isFalse();
    assertThat(presence.has(known)).isTrue();
    assertThat(asked.get()).isEqualTo(3);
  }
}
