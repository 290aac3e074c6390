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
  /** The snapshot CURRENT names that this node is draining for, checking or opening; null when none. */
  private volatile String pending;
  /** True from the start of the check of {@link #pending} to the end of its swap (or refusal). */
  private volatile boolean checking;
  private volatile long drainMillis;
  private volatile long drainUntilNanos;
  private volatile boolean stopping;

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

  /**
   * Before checking a new snapshot, report not ready for this long while still serving the old one, so that a
   * balancer polling /health/ready (every {@code inter} for {@code fall} checks) stops sending requests here first;
   * the switch then happens with no client traffic on this node. 0 (the default) switches at once.
   */
  public SnapshotWatcher drainBeforeSwitch(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("drain time must not be negative");
    }
    this.drainMillis = millis;
    return this;
  }

  /** From now on /health/ready says "stopping" (the server is closing). */
  public void stopping() {
    stopping = true;
  }

  /** Whether a balancer should send requests here, and if not, why. */
  public Readiness readiness() {
    String next = pending;
    if (stopping) {
      return new Readiness(false, "stopping", "the node is stopping", served, null);
    }
    if (next != null && checking) {
      return new Readiness(false, "switching", "checking and opening snapshot " + next + "; still serving " + served,
          served, next);
    }
    if (next != null) {
      return new Readiness(false, "draining", "CURRENT names snapshot " + next
          + ": draining before the switch; still serving " + served, served, next);
    }
    return new Readiness(true, "ready", null, served, null);
  }

  /**
   * @param reason "ready", "draining" (a switch is due: waiting for the balancer to notice), "switching" (the new
   *     snapshot is being checked and opened) or "stopping"
   * @param next the snapshot being switched to, when one is
   */
  public record Readiness(boolean ready, String reason, String message, String served, String next) {}

  /** One look at CURRENT; switches when it names another sound snapshot. Public for tests. */
  public synchronized void checkOnce() {
    try {
      String wanted = store.currentName().orElse(null);
      if (wanted == null || wanted.equals(served)) {
        refused = null; // CURRENT is back on what we serve (a rollback after a refused switch): all is well again
        refusedReason = null;
        pending = null;
        return;
      }
      if (wanted.equals(refused)) {
        pending = null;
        return;
      }
      if (drainMillis > 0 && !wanted.equals(pending)) {
        pending = wanted;
        drainUntilNanos = System.nanoTime() + drainMillis * 1_000_000;
        log.println("CURRENT names snapshot " + wanted + ": not ready for " + drainMillis
            + " ms (draining) before the switch; still serving " + served);
        timer.schedule(this::checkOnce, drainMillis, TimeUnit.MILLISECONDS);
        return;
      }
      if (drainMillis > 0 && System.nanoTime() - drainUntilNanos < 0) {
        return; // still draining: the scheduled look comes at the end of it
      }
      pending = wanted;
      checking = true;
      switchTo(wanted); // switched, or refused: either way ready again, on whichever snapshot is served
    } catch (RuntimeException e) {
      log.println("snapshot watcher: cannot read CURRENT: " + e); // a failed look must not end the periodic task
    } finally {
      if (checking) {
        checking = false;
        pending = null;
      }
    }
  }

  private void switchTo(String wanted) {
    try {
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
      if (!wanted.equals(refused)) {
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
