package org.refugium.progress;

import java.time.Duration;

/** Human-readable numbers for progress lines and summaries. */
public final class Format {

  private Format() {}

  public static String count(long n) {
    if (n < 10_000) {
      return Long.toString(n);
    }
    if (n < 10_000_000) {
      return String.format("%.1fk", n / 1e3);
    }
    return String.format("%.2fM", n / 1e6);
  }

  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format("%.1f KiB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format("%.1f MiB", n / 1024.0 / 1024);
    }
    return String.format("%.2f GiB", n / 1024.0 / 1024 / 1024);
  }

  public static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return String.format("%.1fs", d.toMillis() / 1000.0);
    }
    return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
