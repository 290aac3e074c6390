package org.refugium.search;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * SQLite work started on a thread of its own, beside the caller's. Its connection belongs to that thread
 * until {@link #result} or {@link #awaitQuietly} returns, so call one of them before closing it.
 */
final class SqlOnThread<T> {

  interface Work<T> {
    T run() throws SQLException;
  }

  private final String what;
  private final CompletableFuture<T> future = new CompletableFuture<>();

  private SqlOnThread(String what) {
    this.what = what;
  }

  /** @param what names the work in errors, e.g. "linking photos and projects" */
  static <T> SqlOnThread<T> start(String what, String threadName, Work<T> work) {
    SqlOnThread<T> task = new SqlOnThread<>(what);
    Thread.ofPlatform().name(threadName).start(() -> {
      try {
        task.future.complete(work.run());
      } catch (Throwable e) {
        task.future.completeExceptionally(e);
      }
    });
    return task;
  }

  /** Waits for the work; rethrows its SQLException as such, anything else as IllegalStateException. */
  T result() throws SQLException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  /** Waits for the work to end, whatever its outcome (in a finally, where the caller's own error wins). */
  void awaitQuietly() {
    future.exceptionally(e -> null).join();
  }
}
