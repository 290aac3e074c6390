package org.refugium.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/** A real node over the real Open Data sample, on a free port, and a client that reads its JSON. */
final class ApiServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private final NodeServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  record Reply(int status, JsonNode body, String contentType) {}

  private ApiServer(NodeServer server) {
    this.server = server;
  }

  static ApiServer onSample(Path dataDir) throws Exception {
    Snapshots.importOpenData(dataDir, "s", SharedData.openDataSample());
    return new ApiServer(NodeServer.start("127.0.0.1", 0, new SnapshotStore(dataDir)));
  }

  /** A node over a data directory already holding a snapshot (the caller imported it and may read its SQLite). */
  static ApiServer onDataDir(Path dataDir) throws Exception {
    return new ApiServer(NodeServer.start("127.0.0.1", 0, new SnapshotStore(dataDir)));
  }

  Reply get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue("content-type").orElse(""));
  }

  /** GET that must answer 200; returns the body. */
  JsonNode ok(String pathAndQuery) throws Exception {
    Reply r = get(pathAndQuery);
    if (r.status() != 200) {
      throw new AssertionError(pathAndQuery + " answered " + r.status() + ": " + r.body());
    }
    return r.body();
  }

  long total(String pathAndQuery) throws Exception {
    return ok(pathAndQuery).get("total_results").asLong();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
