package org.refugium.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.refugium.Version;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.SnapshotHolder;
import org.refugium.snapshot.Manifest;

/** /health: the snapshot being served (not merely the one CURRENT names), its age, and whether all is well. */
@Path("/health")
public final class HealthResource {

  private final SnapshotHolder snapshots;
  private final SnapshotWatcher watcher;

  public HealthResource(SnapshotHolder snapshots, SnapshotWatcher watcher) {
    this.snapshots = snapshots;
    this.watcher = watcher;
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
      body.put("imported_at", m.finishedAt() == null ? null : m.finishedAt().toString());
      body.put("age_days", m.finishedAt() == null ? null : Duration.between(m.finishedAt(), Instant.now()).toDays());
      body.put("serving_since", watcher.switchedAt().toString());
      if (degraded) {
        body.put("refused_snapshot", watcher.refused());
        body.put("message", "CURRENT names " + watcher.refused() + ", which failed verification; still serving "
            + s.name());
      }
      body.put("counts", m.counts());
      return Response.ok(body).build();
    }
  }
}
