package org.refugium.web;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.refugium.api.ApiConfig;
import org.refugium.importer.SnapshotImporter;
import org.refugium.photos.DirectoryLayout;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.photos.PhotoKey;
import org.refugium.recognition.BundleInstaller;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * A real node for the web tests: the Open Data sample with the taxonomy excerpt plus this project's Russian
 * names, and a small local photo mirror (two observations' photos, real photos from ../shared/data/photos;
 * the others stay unmirrored so the placeholders are exercised too).
 */
final class WebNode implements AutoCloseable {

  /** Observation 16 is Arenaria interpres (a shorebird: the willet photo), 2 is Trifolium hybridum (a plant). */
  // the stable ids of lines 16, 2 and 27 of the sample's observations.csv (2^52 + SHA-256 of the uuid mod 2^51,
  // computed with Python's hashlib; docs/ids.md)
  static final long SHOREBIRD_OBSERVATION = 5479839633565593L;
  static final long PLANT_OBSERVATION = 5895285454616975L;
  static final long MALLARD_OBSERVATION = 4924386974157611L;

  final NodeServer server;
  /** The photo store's root directory. */
  final Path photos;
  final Path outside;
  private final Recognizer recognizer;
  private final HttpClient http = HttpClient.newHttpClient();

  private WebNode(NodeServer server, Path photos, Path outside, Recognizer recognizer) {
    this.server = server;
    this.photos = photos;
    this.outside = outside;
    this.recognizer = recognizer;
  }

  static WebNode start(Path tmp) throws Exception {
    return start(tmp, new String[0]);
  }

  /** With model bundles from ../shared/models installed into {@code tmp/models} (the identify page). */
  static WebNode start(Path tmp, String... bundles) throws Exception {
    Path taxonomy = Files.createDirectories(tmp.resolve("taxonomy"));
    Path excerpt = SharedData.data("inat-taxonomy-dwca/excerpt");
    Files.copy(excerpt.resolve("taxa.csv"), taxonomy.resolve("taxa.csv"));
    Files.copy(excerpt.resolve("VernacularNames-english.csv"), taxonomy.resolve("VernacularNames-english.csv"));
    Files.copy(SharedData.fixture("web-russian-names").resolve("VernacularNames-russian.csv"),
        taxonomy.resolve("VernacularNames-russian.csv"));
    Path data = tmp.resolve("data");
    SnapshotImporter.Result result = Snapshots.importRequest(data,
        new SnapshotImporter.Request(List.of(SharedData.openDataSample()), taxonomy, null, "web", true));

    DirectoryPhotoStore store = DirectoryPhotoStore.open(tmp.resolve("photos"));
    Path shared = SharedData.data("photos/inaturalist");
    try (Connection db = Snapshots.open(result)) {
      mirror(db, store, SHOREBIRD_OBSERVATION, shared.resolve("willet.jpg"));
      mirror(db, store, PLANT_OBSERVATION, shared.resolve("lamprocapnos_spectabilis.jpeg"));
    }
    Path photos = store.root();
    // a secret beside the store, and a link inside the store, where photo 999's large.jpg would lie, that points
    // at it: must never be served
    Path outside = Files.writeString(tmp.resolve("secret.txt"), "not a photo");
    Path link = DirectoryLayout.file(photos, new PhotoKey(999, "large", "jpg"));
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, outside);

    Recognizer recognizer = null;
    if (bundles.length > 0) {
      Path models = tmp.resolve("models");
      BundleInstaller installer = new BundleInstaller(models, false, line -> { });
      for (String b : bundles) {
        installer.install(b, SharedData.models());
      }
      recognizer = Recognizer.load(ModelBundle.installed(models), 50_000_000L, line -> { });
    }
    try {
      NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data),
          new WebConfig(new ApiConfig(WebConfig.PHOTOS_PATH), store), recognizer);
      return new WebNode(server, photos, outside, recognizer);
    } catch (Exception e) {
      if (recognizer != null) {
        recognizer.close();
      }
      throw e;
    }
  }

  /** Stores {@code image} as the square, medium and large sizes of the observation's photos. */
  private static void mirror(Connection db, DirectoryPhotoStore store, long observation, Path image) throws Exception {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT p.photo_id, p.extension FROM photos p"
        + " JOIN observations o ON o.uuid = p.observation_uuid WHERE o.id = " + observation)) {
      while (rs.next()) {
        for (String size : List.of("square", "medium", "large")) {
          store.put(new PhotoKey(rs.getLong(1), size, rs.getString(2)), image, null);
        }
      }
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The raw request line as given (no normalisation of "..", "%2e"), over a plain socket. */
  String rawStatusLine(String rawPath) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      return reply;
    }
  }

  /**
   * The identify form as a browser without JavaScript posts it: multipart with the fields, the photo as
   * {@code image}, and the camera input (also named image) empty, as browsers send an unused file input.
   */
  HttpResponse<String> postIdentify(Map<String, String> fields, byte[] image, String fileName, String... headers)
      throws Exception {
    String boundary = "----refugium-identify-test";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + fileName
        + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(image);
    body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\""
        + "\r\nContent-Type: application/octet-stream\r\n\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> f : fields.entrySet()) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
          + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/identify"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      if (recognizer != null) {
        recognizer.close();
      }
    }
  }
}
