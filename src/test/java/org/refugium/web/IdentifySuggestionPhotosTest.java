package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.recognition.BundleInstaller;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.testing.LabelledPhotoExport;
import org.refugium.testing.SharedData;

/**
 * The identify page's suggestions carry a photo of each suggested taxon from the archive: a node over the
 * wikimedia-birds export (each photo an observation of its own species) with the real Coral bird bundle; the
 * photo of one species is posted, and the suggestion of that species shows the archive's photo of it, with its
 * attribution, in both languages.
 */
class IdentifySuggestionPhotosTest {

  @TempDir
  static Path tmp;
  static LabelledPhotoNode node;

  @BeforeAll
  static void start() throws Exception {
    LabelledPhotoExport birds = LabelledPhotoExport.wikimediaBirds(tmp.resolve("wikimedia-birds-export"));
    Path models = tmp.resolve("models");
    new BundleInstaller(models, false, line -> { }).install("coral-inat-birds", SharedData.models());
    Recognizer recognizer = Recognizer.load(ModelBundle.installed(models), 50_000_000L, line -> { });
    node = LabelledPhotoNode.start(tmp, birds, s -> s, recognizer);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theSuggestedSpeciesShowsItsArchivePhotoWithCredit() throws Exception {
    // a species whose name the model's labels use as the archive does (the model says Oreothlypis celata for
    // Leiothlypis celata, an older name, which the archive does not hold)
    LabelledPhotoExport.Photo posted = node.export.photos().stream()
        .filter(p -> p.scientificName().equals("Junco hyemalis")).findFirst().orElseThrow();
    assertThat(node.export.photos().indexOf(posted)).isNotEqualTo(LabelledPhotoNode.UNMIRRORED);
    for (String lang : List.of("en", "ru")) {
      String html = post(Files.readAllBytes(posted.file()), lang);
      List<String> cards = IdentifyPageTest.cards(html);
      assertThat(cards).as(html).isNotEmpty();
      String card = cards.stream().filter(c -> c.contains(">" + posted.scientificName() + "<")).findFirst()
          .orElseThrow(() -> new AssertionError(posted.scientificName() + " is not among the suggestions: " + cards));
      assertThat(card).contains("src=\"/photos/" + posted.photoId() + "/medium.jpg\"").contains("srcset=\"")
          .contains("loading=\"lazy\"").contains("<small class=\"attr\">")
          .contains(PhotoServingTest.escaped(posted.author()));
      // no card shows a photo that is not of its own taxon: each image is the one photo of that species
      for (LabelledPhotoExport.Photo p : node.export.photos()) {
        for (String c : cards) {
          if (c.contains("/photos/" + p.photoId() + "/")) {
            assertThat(c).contains(">" + p.scientificName() + "<");
          }
        }
      }
    }
  }

  private static String post(byte[] image, String lang) throws Exception {
    String boundary = "----refugium-identify-photos";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"bird.jpg\""
        + "\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(image);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.base()
        + "/identify?locale=" + lang)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("Accept-Language", lang).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }
}
