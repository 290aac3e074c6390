package org.refugium.replication;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.refugium.progress.Format;

/**
 * Progress of a transfer in bytes: done of total, MB/s over this run (bytes that were already there before a
 * resume do not inflate the rate), percent and ETA. Redrawn every second on a terminal, one line every ten seconds
 * otherwise, like {@link org.refugium.progress.Progress} does for rows.
 */
public final class TransferProgress {

  /** Starts a task; {@link #onStderr()} for the command line, {@link #silent()} for embedded use. */
  public interface Factory {
    Task start(String name, LongSupplier done, long total);
  }

  private TransferProgress() {}

  public static Factory onStderr() {
    return to(System.err, System.console() != null);
  }

  public static Factory silent() {
    return to(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
  }

  public static Factory to(PrintStream out, boolean terminal) {
    return (name, done, total) -> new Task(out, terminal, name, done, total);
  }

  /** One transfer; closing it prints the summary line. */
  public static final class Task implements AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private final String name;
    private final LongSupplier done;
    private final long total;
    private final long startBytes;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private final ScheduledFuture<?> tick;

    private Task(PrintStream out, boolean terminal, String name, LongSupplier done, long total) {
      this.out = out;
      this.terminal = terminal;
      this.name = name;
      this.done = done;
      this.total = total;
      this.startBytes = done.getAsLong();
      this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "transfer-progress");
        t.setDaemon(true);
        return t;
      });
      long period = terminal ? 1 : 10;
      this.tick = ticker.scheduleAtFixedRate(this::print, period, period, TimeUnit.SECONDS);
    }

    private double seconds() {
      return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Megabytes (10^6 bytes) per second moved by this run. */
    private double rate() {
      double s = seconds();
      return s > 0 ? (done.getAsLong() - startBytes) / 1e6 / s : 0;
    }

    String line() {
      long d = done.getAsLong();
      StringBuilder s = new StringBuilder(String.format("  %-28s %10s", name, Format.bytes(d)));
      if (total > 0) {
        s.append(" of ").append(Format.bytes(total));
      }
      s.append(String.format("  %7.1f MB/s", rate()));
      double r = rate();
      if (total > 0) {
        s.append(String.format("  %3d%%", (int) (100.0 * Math.min(d, total) / total)));
        if (r > 0) {
          long eta = (long) ((total - d) / 1e6 / r);
          s.append("  ETA ").append(Format.duration(Duration.ofSeconds(Math.max(0, eta))));
        }
      }
      return s.toString();
    }

    private synchronized void print() {
      if (terminal) {
        out.print("\r\033[K" + line());
        out.flush();
      } else {
        out.println(line());
      }
    }

    @Override
    public synchronized void close() {
      tick.cancel(false);
      ticker.shutdownNow();
      if (terminal) {
        out.print("\r\033[K");
      }
      out.println(String.format("  %-28s %10s in %s, %.1f MB/s", name, Format.bytes(done.getAsLong() - startBytes),
          Format.duration(Duration.ofMillis((long) (seconds() * 1000))), rate()));
    }
  }
}
