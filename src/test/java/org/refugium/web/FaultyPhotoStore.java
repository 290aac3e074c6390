package org.refugium.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoStore;

/**
 * A real store seen through two test instruments: it counts the bytes the server has read from opened files (to
 * show streaming), and it can be switched to fail every call with an IOException, as an S3 store does when its
 * endpoint stops answering. Everything else goes to the real store underneath.
 */
final class FaultyPhotoStore implements PhotoStore {

  final PhotoStore real;
  final AtomicLong bytesRead = new AtomicLong();
  final AtomicBoolean unreachable = new AtomicBoolean();

  FaultyPhotoStore(PhotoStore real) {
    this.real = real;
  }

  private void check() throws IOException {
    if (unreachable.get()) {
      throw new IOException("connect timed out (store unreachable)");
    }
  }

  @Override
  public Optional<Stat> stat(PhotoKey key) throws IOException {
    check();
    return real.stat(key);
  }

  @Override
  public InputStream open(PhotoKey key, long offset, long length) throws IOException {
    check();
    return new FilterInputStream(real.open(key, offset, length)) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytesRead.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          bytesRead.addAndGet(n);
        }
        return n;
      }
    };
  }

  @Override
  public void put(PhotoKey key, Path verifiedFile, String md5Hex) throws IOException {
    check();
    real.put(key, verifiedFile, md5Hex);
  }

  @Override
  public void delete(PhotoKey key) throws IOException {
    check();
    real.delete(key);
  }

  @Override
  public String describe() {
    return real.describe();
  }

  @Override
  public void close() throws IOException {
    real.close();
  }
}
