package org.refugium.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.refugium.recognition.BundleInstaller;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * A real node over the Open Data sample with the three Coral bundles installed (from ../shared/models,
 * into a temporary models directory), and a multipart client for score_image.
 */
final class VisionServer implements AutoCloseable {

  private final NodeServer server;
  private final Recognizer recognizer;
  private final HttpClient http = HttpClient.newHttpClient();

  record Reply(int status, JsonNode body, java.net.http.HttpHeaders headers) {}

  private VisionServer(NodeServer server, Recognizer recognizer) {
    this.server = server;
    this.recognizer = recognizer;
  }

  static VisionServer start(Path dataDir, Path modelsDir, String... bundles) throws Exception {
    Path shared = SharedData.models();
    Snapshots.importOpenData(dataDir, "s", SharedData.openDataSample());
    BundleInstaller installer = new BundleInstaller(modelsDir, false, line -> { });
    for (String b : bundles) {
      installer.install(b, shared);
    }
    Recognizer recognizer = Recognizer.load(ModelBundle.installed(modelsDir), 50_000_000L, line -> { });
    try {
      return new VisionServer(NodeServer.start("127.0.0.1", 0, new SnapshotStore(dataDir), ApiConfig.defaults(),
          recognizer), recognizer);
    } catch (Exception e) {
      recognizer.close();
      throw e;
    }
  }

  Recognizer recognizer() {
    return recognizer;
  }

  Reply score(Path photo, Map<String, String> fields) throws Exception {
    return score(Files.readAllBytes(photo), photo.getFileName().toString(), fields);
  }

  Reply score(byte[] image, String fileName, Map<String, String> fields) throws Exception {
    return score(image, fileName, fields, false);
  }

  /**
   * With {@code expectContinue} the body waits for the node's 100 Continue: an upload the node refuses by its
   * declared size is answered before any of it is sent. Without it, a refusal answered while the client is still
   * sending a large body races the connection's close (the client may see a reset, not the answer).
   */
  Reply score(byte[] image, String fileName, Map<String, String> fields, boolean expectContinue) throws Exception {
    String boundary = "refugium-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
          + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    if (image != null) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + fileName
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write(image);
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/v1/computervision/score_image"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).expectContinue(expectContinue)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), ApiServer.JSON.readTree(r.body()), r.headers());
  }

  JsonNode get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    return ApiServer.JSON.readTree(r.body());
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      recognizer.close();
    }
  }
}
