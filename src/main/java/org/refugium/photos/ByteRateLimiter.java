package org.refugium.photos;

/**
 * A bandwidth cap shared by every download ({@code --max-rate}): each chunk reserves its share of the time line
 * and the caller sleeps until its slot, so the total rate stays at the cap however many downloads run.
 */
final class ByteRateLimiter {

  private final double nanosPerByte;
  private long nextFree = System.nanoTime();

  ByteRateLimiter(long bytesPerSecond) {
    this.nanosPerByte = 1e9 / bytesPerSecond;
  }

  void acquire(int bytes) throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      // an idle spell does not bank more than a quarter second of burst
      nextFree = Math.max(nextFree, now - 250_000_000L);
      wait = nextFree - now;
      nextFree += (long) (bytes * nanosPerByte);
    }
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** Parses {@code 500k}, {@code 20M}, {@code 1G} (bytes per second), or a plain number of bytes. */
  static long parse(String rate) {
    String r = rate.strip().toUpperCase(java.util.Locale.ROOT).replaceAll("(I?B)?(/S)?$", "");
    long unit = 1;
    if (r.endsWith("K")) {
      unit = 1024;
    } else if (r.endsWith("M")) {
      unit = 1024 * 1024;
    } else if (r.endsWith("G")) {
      unit = 1024L * 1024 * 1024;
    }
    if (unit > 1) {
      r = r.substring(0, r.length() - 1);
    }
    try {
      double v = Double.parseDouble(r);
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return Math.max(1, (long) (v * unit));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--max-rate is bytes per second, like 500k, 20M or 1G: " + rate);
    }
  }
}
