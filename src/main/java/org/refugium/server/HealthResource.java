package org.refugium.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.refugium.Version;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SnapshotStore;

/** /health: which snapshot is served and whether it is usable. */
@Path("/health")
public final class HealthResource {

  private final SnapshotStore store;

  public HealthResource(SnapshotStore store) {
    this.store = store;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response health() throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", Version.current());
    var current = store.currentName();
    if (current.isEmpty()) {
      body.put("status", "no snapshot");
      return Response.status(503).entity(body).build();
    }
    Manifest m = Manifest.read(store.dir(current.get()).resolve(Manifest.FILE_NAME));
    body.put("status", "ok");
    body.put("snapshot", m.name());
    body.put("export_date", m.exportDate());
    body.put("imported_at", m.finishedAt() == null ? null : m.finishedAt().toString());
    body.put("counts", m.counts());
    return Response.ok(body).build();
  }
}
