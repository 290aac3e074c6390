package org.refugium.web;

import java.time.Instant;
import java.util.Optional;
import org.refugium.snapshot.VerifyRecord;

/** What the operator pages show of the running node: whether all is well, since when, and the last check. */
public interface NodeStatus {

  /** "ok", or "degraded" when CURRENT names a snapshot that failed its check and an older one is served. */
  String status();

  /** When the snapshot being served was opened (server start or the last switch). */
  Instant servingSince();

  /** The last recorded verification of the served snapshot, if any. */
  Optional<VerifyRecord> lastVerify();

  /** For servers started without a watcher (tests of the pages alone). */
  static NodeStatus startedNow() {
    Instant since = Instant.now();
    return new NodeStatus() {
      @Override
      public String status() {
        return "ok";
      }

      @Override
      public Instant servingSince() {
        return since;
      }

      @Override
      public Optional<VerifyRecord> lastVerify() {
        return Optional.empty();
      }
    };
  }
}
