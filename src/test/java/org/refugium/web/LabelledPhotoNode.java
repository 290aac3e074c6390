package org.refugium.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.refugium.api.ApiConfig;
import org.refugium.importer.SnapshotImporter;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.photos.PhotoStore;
import org.refugium.recognition.Recognizer;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.LabelledPhotoExport;
import org.refugium.testing.Snapshots;

/**
 * A real node over a {@link LabelledPhotoExport} (the plants by default) imported with the real importer, serving
 * a directory photo store filled with the export's own photos (every photo except {@link #UNMIRRORED} stored as square, small, medium and
 * large), so every card shows a photo of the observation's own taxon.
 */
final class LabelledPhotoNode implements AutoCloseable {

  /** The index (in the export's photo list) of the one photo left out of the store: its pages show the placeholder. */
  static final int UNMIRRORED = 1;
  static final List<String> STORED_SIZES = List.of("square", "small", "medium", "large");

  final LabelledPhotoExport export;
  /** The directory store the fixture filled; null when the node serves another store ({@link #withStore}). */
  final DirectoryPhotoStore store;
  final NodeServer server;
  final SnapshotImporter.Result snapshot;
  private final Recognizer recognizer;
  private final HttpClient http = HttpClient.newHttpClient();

  private LabelledPhotoNode(LabelledPhotoExport export, DirectoryPhotoStore store, NodeServer server,
      SnapshotImporter.Result snapshot, Recognizer recognizer) {
    this.recognizer = recognizer;
    this.export = export;
    this.store = store;
    this.server = server;
    this.snapshot = snapshot;
  }

  static LabelledPhotoNode start(Path tmp, int perTaxon) throws Exception {
    return start(tmp, perTaxon, s -> s);
  }

  /** @param served wraps the store the server reads (an instrumented one); the fixture fills the plain one */
  static LabelledPhotoNode start(Path tmp, int perTaxon, UnaryOperator<PhotoStore> served) throws Exception {
    return start(tmp, LabelledPhotoExport.plants(tmp.resolve("plant-photos-export"), perTaxon), served, null);
  }

  /** Any labelled export, with a recognizer for the identify page (closed with the node) or none. */
  static LabelledPhotoNode start(Path tmp, LabelledPhotoExport export, UnaryOperator<PhotoStore> served,
      Recognizer recognizer) throws Exception {
    DirectoryPhotoStore store = DirectoryPhotoStore.open(tmp.resolve("photo-store"));
    return start(tmp, export, store, served.apply(store), recognizer);
  }

  /**
   * The node serving {@code store} (an S3 store, say), filled by the fixture like the directory one. The caller
   * closes the store after the node.
   */
  static LabelledPhotoNode withStore(Path tmp, LabelledPhotoExport export, PhotoStore store) throws Exception {
    return start(tmp, export, store, store, null);
  }

  private static LabelledPhotoNode start(Path tmp, LabelledPhotoExport export, PhotoStore filled, PhotoStore served,
      Recognizer recognizer) throws Exception {
    Path data = tmp.resolve("data");
    SnapshotImporter.Result result = Snapshots.importRequest(data,
        new SnapshotImporter.Request(List.of(export.dir()), null, null, "labelled", true));
    for (int i = 0; i < export.photos().size(); i++) {
      if (i != UNMIRRORED) {
        LabelledPhotoExport.Photo p = export.photos().get(i);
        for (String size : STORED_SIZES) {
          filled.put(new org.refugium.photos.PhotoKey(p.photoId(), size, "jpg"), p.file(), null);
        }
      }
    }
    NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data),
        new WebConfig(new ApiConfig(WebConfig.PHOTOS_PATH), served), recognizer);
    return new LabelledPhotoNode(export, filled instanceof DirectoryPhotoStore d ? d : null, server, result,
        recognizer);
  }

  LabelledPhotoExport.Photo photo(int index) {
    return export.photos().get(index);
  }

  /** The observation id the importer gave the observation of {@code p}. */
  long observationId(LabelledPhotoExport.Photo p) throws Exception {
    return column(p, "id");
  }

  long observerId(LabelledPhotoExport.Photo p) throws Exception {
    return column(p, "observer_id");
  }

  private long column(LabelledPhotoExport.Photo p, String column) throws Exception {
    try (Connection db = Snapshots.open(snapshot);
        PreparedStatement st = db.prepareStatement("SELECT " + column + " FROM observations WHERE uuid = ?")) {
      st.setString(1, p.observationUuid());
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("observation of photo " + p.photoId() + " was not imported");
        }
        return rs.getLong(1);
      }
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  static String url(LabelledPhotoExport.Photo p, String size) {
    return "/photos/" + p.photoId() + "/" + size + ".jpg";
  }

  HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
    return http.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return http.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> head(String path) throws Exception {
    return http.send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<java.io.InputStream> stream(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
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
