package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.cli.Refugium;
import org.refugium.importer.SnapshotImporter;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.testing.FreePorts;
import org.refugium.testing.LabelledPhotoExport;
import org.refugium.testing.Snapshots;

/** `refugium serve --photos DIR` on the command line: the store spec reaches the route and the API's URLs. */
class ServePhotosCommandTest {

  @TempDir
  Path tmp;

  @Test
  void servesTheDirectoryStoreGivenOnTheCommandLine() throws Exception {
    LabelledPhotoExport export = LabelledPhotoExport.plants(tmp.resolve("plant-photos-export"), 1);
    Path data = tmp.resolve("data");
    Snapshots.importRequest(data, new SnapshotImporter.Request(List.of(export.dir()), null, null, "plants", true));
    DirectoryPhotoStore store = DirectoryPhotoStore.open(tmp.resolve("store"));
    export.fillStore(store, List.of("medium"));
    LabelledPhotoExport.Photo p = export.photos().get(0);
    int port = FreePorts.pick(); // serve binds it later, on its own (see FreePorts)
    String[] args = {"serve", "--data-dir", data.toString(), "--port", Integer.toString(port), "--no-models",
        "--photos", store.root().toString()};
    Thread serve = new Thread(() -> Refugium.commandLine().execute(args), "serve-under-test");
    serve.setDaemon(true);
    serve.start();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    try {
      HttpResponse<byte[]> photo = null;
      long deadline = System.nanoTime() + 90_000_000_000L; // serve starting on a loaded box, as in ServeCommandTest
      while (photo == null && System.nanoTime() < deadline) {
        try {
          photo = http.send(HttpRequest.newBuilder(URI.create(base + "/photos/" + p.photoId() + "/medium.jpg")).build(),
              HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException notYet) {
          Thread.sleep(100);
        }
      }
      assertThat(photo).as("serve did not come up").isNotNull();
      assertThat(photo.statusCode()).isEqualTo(200);
      assertThat(photo.body()).isEqualTo(Files.readAllBytes(p.file()));
      String api = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/observations?photo_license=cc-by")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(api).contains("\"/photos/");
    } finally {
      serve.interrupt();
      serve.join(10_000);
    }
    assertThat(serve.isAlive()).isFalse();
  }

  @Test
  void aMissingDirectoryIsAClearError() throws Exception {
    LabelledPhotoExport export = LabelledPhotoExport.plants(tmp.resolve("plant-photos-export"), 1);
    Path data = tmp.resolve("data");
    Snapshots.importRequest(data, new SnapshotImporter.Request(List.of(export.dir()), null, null, "plants", true));
    int code = Refugium.commandLine().execute("serve", "--data-dir", data.toString(), "--no-models", "--photos",
        tmp.resolve("no-such-dir").toString());
    assertThat(code).isNotZero();
  }
}
