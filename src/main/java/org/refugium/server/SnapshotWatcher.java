package org.refugium.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.SnapshotHolder;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SignaturePolicy;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.snapshot.SnapshotVerifier;
import org.refugium.snapshot.VerifyRecord;

/**
 * Follows CURRENT while the server runs: when `snapshots use` (or an import) switches it, the new
 * snapshot is checked (files and sizes against its manifest, SQLite quick_check, index document counts),
 * opened, and swapped in; requests in flight finish on the old one, which closes after the last of them.
 * A snapshot that fails the check, or whose manifest signature the {@link SignaturePolicy} refuses (unsigned or
 * signed by a key this node does not trust), is refused and the old one keeps serving. The full re-hash is
 * `snapshots use`'s job, before it switches.
 */
public final class SnapshotWatcher implements AutoCloseable, org.refugium.web.NodeStatus {

  private final SnapshotStore store;
  private final SnapshotHolder holder;
  private final int connections;
  private final PrintStream log;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "snapshot-watcher");
    t.setDaemon(true);
    return t;
  });
  private volatile String served;
  private volatile String refused;
  private volatile String refusedReason;
  private volatile Instant switchedAt = Instant.now();
  private final SignaturePolicy signatures;

  public SnapshotWatcher(SnapshotStore store, SnapshotHolder holder, String served, int connections, PrintStream log) {
    this(store, holder, served, connections, log, SignaturePolicy.of(store, false));
  }

  public SnapshotWatcher(SnapshotStore store, SnapshotHolder holder, String served, int connections, PrintStream log,
      SignaturePolicy signatures) {
    this.signatures = signatures;
    this.store = store;
    this.holder = holder;
    this.served = served;
    this.connections = connections;
    this.log = log;
  }

  public SnapshotWatcher start(long periodMillis) {
    timer.scheduleWithFixedDelay(this::checkOnce, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** One look at CURRENT; switches when it names another sound snapshot. Public for tests. */
  public synchronized void checkOnce() {
    try {
      String wanted = store.currentName().orElse(null);
      if (wanted == null || wanted.equals(served)) {
        refused = null; // CURRENT is back on what we serve (a rollback after a refused switch): all is well again
        refusedReason = null;
        return;
      }
      if (wanted.equals(refused)) {
        return;
      }
      Path dir = store.dir(wanted);
      SignaturePolicy.Verdict signed = signatures.check(dir);
      if (!signed.accepted()) {
        refuse(wanted, "its signature is refused: " + signed.message());
        return;
      }
      if (signed.loud()) {
        log.println("snapshot " + wanted + ": " + signed.message());
      }
      List<String> problems = new SnapshotVerifier(log)
          .verify(dir, Manifest.read(dir.resolve(Manifest.FILE_NAME)), SnapshotVerifier.Depth.QUICK);
      VerifyRecord.of(wanted, SnapshotVerifier.Depth.QUICK, problems).save(store);
      if (!problems.isEmpty()) {
        refuse(wanted, "it failed verification (" + problems.size() + " problem(s), listed in the server log)");
        problems.forEach(p -> log.println("  - " + p));
        return;
      }
      holder.replace(ServedSnapshot.open(wanted, dir, connections));
      log.println("switched from snapshot " + served + " to " + wanted);
      served = wanted;
      refused = null;
      refusedReason = null;
      switchedAt = Instant.now();
    } catch (Exception | LinkageError e) {
      // a snapshot that cannot even be opened is refused like one that fails its check: reported once, and
      // /health says degraded until CURRENT changes again
      String wanted = store.currentName().orElse(null);
      if (wanted != null && !wanted.equals(refused)) {
        // the reason /health shows names the failure, not its message (which may hold the server's paths)
        refuse(wanted, "it cannot be opened (" + e.getClass().getSimpleName() + ")");
        log.println("  " + e);
      }
    }
  }

  private void refuse(String wanted, String reason) {
    refused = wanted;
    refusedReason = reason;
    log.println("refusing to switch to snapshot " + wanted + ": " + reason + "; still serving " + served);
  }

  /** Why CURRENT's snapshot was refused (null when none is). */
  public String refusedReason() {
    return refusedReason;
  }

  public String served() {
    return served;
  }

  /** The snapshot CURRENT names but that failed its check, if any. */
  public String refused() {
    return refused;
  }

  public Instant switchedAt() {
    return switchedAt;
  }

  @Override
  public String status() {
    return refused == null ? "ok" : "degraded";
  }

  @Override
  public Instant servingSince() {
    return switchedAt;
  }

  /** The last recorded check of the snapshot being served (by this server, `snapshots verify` or `use`). */
  @Override
  public java.util.Optional<VerifyRecord> lastVerify() {
    return VerifyRecord.last(store, served);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
