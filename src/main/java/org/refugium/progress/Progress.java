package org.refugium.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress of long work: rows, rows/s, percent and ETA. On a terminal one line is redrawn every second;
 * otherwise (logs, CI) a line is written every ten seconds. ETA comes from a measure of the work done
 * against its total: for an import that is the compressed bytes read against the file size.
 */
public final class Progress implements AutoCloseable {

  private final PrintStream out;
  private final boolean terminal;
  private final ScheduledExecutorService ticker;

  public Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
  }

  /** Progress on stderr, redrawn in place when stderr is a terminal. */
  public static Progress onStderr() {
    return new Progress(System.err, System.console() != null);
  }

  /** A progress that prints nothing (tests, embedded use). */
  public static Progress silent() {
    return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
  }

  public Task start(String name, LongSupplier done, long total) {
    return new Task(name, done, total);
  }

  /** Prints one plain line (a phase starting, a warning), clearing a redrawn progress line first. */
  public synchronized void say(String line) {
    out.println(terminal ? "\r\033[K" + line : line);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }

  /** One measured piece of work. Rows are counted by the worker; the done/total measure drives the ETA. */
  public final class Task implements AutoCloseable {
    private final String name;
    private final LongSupplier done;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final AtomicLong rows = new AtomicLong();
    private final ScheduledFuture<?> tick;

    private Task(String name, LongSupplier done, long total) {
      this.name = name;
      this.done = done;
      this.total = total;
      long period = terminal ? 1 : 10;
      this.tick = ticker.scheduleAtFixedRate(this::print, period, period, TimeUnit.SECONDS);
    }

    public void addRows(long n) {
      rows.addAndGet(n);
    }

    public long rows() {
      return rows.get();
    }

    public double seconds() {
      return (System.nanoTime() - startNanos) / 1e9;
    }

    private void print() {
      synchronized (Progress.this) {
        String line = line();
        if (terminal) {
          out.print("\r\033[K" + line);
          out.flush();
        } else {
          out.println(line);
        }
      }
    }

    String line() {
      double seconds = seconds();
      long r = rows.get();
      StringBuilder s = new StringBuilder(String.format("  %-28s %12s rows  %9s rows/s", name, Format.count(r),
          Format.count((long) (seconds > 0 ? r / seconds : 0))));
      long d = done.getAsLong();
      if (total > 0 && d > 0) {
        double fraction = Math.min(1.0, (double) d / total);
        long eta = (long) (seconds / fraction - seconds);
        s.append(String.format("  %3d%%  ETA %s", (int) (fraction * 100), Format.duration(Duration.ofSeconds(eta))));
      }
      return s.toString();
    }

    @Override
    public void close() {
      tick.cancel(false);
      synchronized (Progress.this) {
        if (terminal) {
          out.print("\r\033[K");
        }
        out.println(String.format("  %-28s %12s rows  %9s rows/s  %s", name, Format.count(rows.get()),
            Format.count((long) (seconds() > 0 ? rows.get() / seconds() : 0)),
            Format.duration(Duration.ofMillis((long) (seconds() * 1000)))));
      }
    }
  }
}
