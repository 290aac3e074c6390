package org.refugium.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.refugium.Version;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.SnapshotHolder;
import org.refugium.recognition.Recognizer;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.VerifyRecord;

/**
 * /health: the snapshot being served (not merely the one CURRENT names), its age, and whether all is well.
 * /health/live and /health/ready are for balancers and service managers (docs/replication.md): live answers as long
 * as the process does; ready says whether to send requests here — not while the node drains before a switch,
 * checks and opens the new snapshot, or stops. The port itself opens only once the snapshot is open and the models
 * are loaded, so a starting node is simply not there yet.
 */
@Path("/health")
public final class HealthResource {

  private final SnapshotHolder snapshots;
  private final SnapshotWatcher watcher;
  private final Recognizer recognizer;

  public HealthResource(SnapshotHolder snapshots, SnapshotWatcher watcher, Recognizer recognizer) {
    this.snapshots = snapshots;
    this.watcher = watcher;
    this.recognizer = recognizer;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response health() throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", Version.current());
    try (ServedSnapshot s = snapshots.acquire()) {
      Manifest m = Manifest.read(s.directory().resolve(Manifest.FILE_NAME));
      boolean degraded = watcher.refused() != null;
      body.put("status", degraded ? "degraded" : "ok");
      body.put("snapshot", s.name());
      body.put("export_date", m.exportDate());
      body.put("export_age_days", exportAgeDays(m.exportDate()));
      body.put("imported_at", m.finishedAt() == null ? null : seconds(m.finishedAt()));
      body.put("age_days", m.finishedAt() == null ? null : Duration.between(m.finishedAt(), Instant.now()).toDays());
      body.put("serving_since", seconds(watcher.servingSince()));
      body.put("last_verify", watcher.lastVerify().map(HealthResource::verify).orElse(null));
      body.put("recognition", recognition());
      if (degraded) {
        body.put("refused_snapshot", watcher.refused());
        body.put("message", "CURRENT names " + watcher.refused() + ", which is not served: "
            + watcher.refusedReason() + "; still serving " + s.name());
      }
      body.put("counts", m.counts());
      return Response.ok(body).build();
    }
  }

  /** 200 whenever the process answers HTTP at all: what a restart policy should watch, never the readiness. */
  @GET
  @Path("live")
  @Produces(MediaType.APPLICATION_JSON)
  public Response live() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "alive");
    body.put("version", Version.current());
    return Response.ok(body).build();
  }

  /**
   * 200 when the node serves a snapshot it has opened and checked and is not about to switch or stop; else 503
   * with the reason ("draining", "switching", "stopping"), as {@code {error, status, reason, ...}} like every
   * other refusal. A node that refused a new snapshot (/health "degraded") is still ready: it serves its old,
   * verified snapshot, and the operator learns of the refusal from /health and the log.
   */
  @GET
  @Path("ready")
  @Produces(MediaType.APPLICATION_JSON)
  public Response ready() {
    SnapshotWatcher.Readiness r = watcher.readiness();
    Map<String, Object> body = new LinkedHashMap<>();
    if (!r.ready()) {
      body.put("error", "not ready: " + r.message());
      body.put("status", 503);
    }
    body.put("ready", r.ready());
    body.put("reason", r.reason());
    body.put("snapshot", r.served());
    if (r.next() != null) {
      body.put("next_snapshot", r.next());
    }
    if (watcher.refused() != null) {
      body.put("refused_snapshot", watcher.refused());
    }
    body.put("recognition", recognizer != null && !recognizer.isEmpty());
    return Response.status(r.ready() ? 200 : 503).entity(body)
        .header("Cache-Control", "no-store").build();
  }

  /**
   * Days since the export's own date (what the data is as of), beside the import's age; null when unknown. A
   * monthly export named by its month ("2022-06") counts from the month's first day.
   */
  static Long exportAgeDays(String exportDate) {
    if (exportDate == null) {
      return null;
    }
    String day = exportDate.matches("\\d{4}-\\d{2}") ? exportDate + "-01"
        : exportDate.length() >= 10 ? exportDate.substring(0, 10) : exportDate;
    try {
      return ChronoUnit.DAYS.between(LocalDate.parse(day), LocalDate.now(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private Map<String, Object> recognition() {
    Map<String, Object> r = new LinkedHashMap<>();
    boolean on = recognizer != null && !recognizer.isEmpty();
    r.put("enabled", on);
    List<String> bundles = new ArrayList<>();
    if (on) {
      if (recognizer.gate() != null) {
        bundles.add(recognizer.gate().name());
      }
      recognizer.species().forEach(l -> bundles.add(l.name()));
    }
    r.put("bundles", bundles);
    return r;
  }

  private static Map<String, Object> verify(VerifyRecord v) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("at", seconds(v.at()));
    r.put("depth", v.depth());
    r.put("ok", v.ok());
    r.put("problems", v.problems().size());
    return r;
  }

  private static String seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
