package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.testing.SharedData;

/**
 * The identify page without JavaScript: the plain multipart form posted to /identify on a real node with the
 * Coral bird bundle, recognised by the same service as score_image and rendered on the server.
 */
class IdentifyPageTest {

  @TempDir
  static Path tmp;
  static WebNode node;
  static byte[] parrot;

  @BeforeAll
  static void start() throws Exception {
    node = WebNode.start(tmp, "coral-inat-birds");
    parrot = Files.readAllBytes(SharedData.data("photos/open-images/parrot.jpg"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** The suggestion cards of a page, in order. */
  static List<String> cards(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<li class=\"idcard\">(.*?)</li>", Pattern.DOTALL).matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theFormRendersWithTheMapAndTheCamera() throws Exception {
    HttpResponse<String> r = node.get("/identify?locale=en");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("<form class=\"identify\" method=\"post\" action=\"/identify\" enctype=\"multipart/form-data\"")
        .contains("capture=\"environment\"").contains("accept=\"image/*\"")
        .contains("data-pointpicker").contains("<svg class=\"map\"")
        .contains("coral-inat-birds (Aves)")
        .contains("<a href=\"/identify\">Identify</a>") // in the header
        .doesNotContain("style=\"");
    assertThat(WebPagesTest.localOnly(r.body())).isEmpty();
  }

  @Test
  void parrotPostedWithoutJavaScriptIsAraMacaoFirst() throws Exception {
    HttpResponse<String> r = node.postIdentify(Map.of(), parrot, "parrot.jpg", "Accept-Language", "en");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> cards = cards(r.body());
    assertThat(cards).hasSize(10);
    String first = cards.get(0);
    assertThat(first).contains(">Ara macao<").contains("Scarlet Macaw")
        .contains("Not in this archive") // not a taxon of the sample: the model's names, no link, no photo
        .doesNotContain("href=").contains("No photo");
    assertThat(first).containsPattern("<strong>7\\d\\.\\d%</strong>");
    assertThat(r.body()).contains("parrot.jpg").doesNotContain("badge nearby");
    assertThat(r.headers().firstValue("content-security-policy")).isPresent();
  }

  @Test
  void aPointLiftsTaxaSeenNearbyWithTheirPagesAndPhotos() throws Exception {
    // Milwaukee in January: the sample's Ruddy Turnstone (3938), whose observation 16 is in the photo mirror
    HttpResponse<String> r = node.postIdentify(Map.of("lat", "43.06", "lng", "-87.88", "observed_on", "2022-01-20"),
        parrot, "parrot.jpg", "Accept-Language", "en");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String turnstone = cards(r.body()).stream().filter(c -> c.contains("href=\"/taxa/3938\"")).findFirst().orElseThrow();
    assertThat(turnstone).contains("Seen nearby").contains("Arenaria interpres").contains("<img")
        .containsPattern("src=\"/photos/\\d+/medium\\.jpe?g\"").doesNotContain("Not in this archive");
    assertThat(r.body()).contains("Most likely within:").contains("href=\"/taxa/3937\""); // the genus
    // the form keeps the point and the date, and the map shows the point
    assertThat(r.body()).contains("value=\"43.06\"").contains("value=\"2022-01-20\"").contains("circle class=\"marker\"");
  }

  @Test
  void aboutPageListsTheInstalledBundles() throws Exception {
    assertThat(node.get("/about?locale=en").body()).contains("coral-inat-birds").doesNotContain("data-models=\"0\"");
  }

  @Test
  void russianPageUsesRussianStrings() throws Exception {
    HttpResponse<String> r = node.postIdentify(Map.of(), parrot, "parrot.jpg", "Accept-Language", "ru");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<html lang=\"ru\">").contains("Подсказки").contains("Нет в этом архиве")
        .contains("<span class=\"common\" lang=\"en\">Scarlet Macaw</span>"); // the model's English label, marked
    assertThat(cards(r.body()).get(0)).contains("Ara macao").containsPattern("7\\d,\\d %");
  }

  @Test
  void errorsShowTheServersMessage() throws Exception {
    HttpResponse<String> text = node.postIdentify(Map.of(), "not a photo".getBytes(StandardCharsets.UTF_8), "notes.txt",
        "Accept-Language", "en");
    assertThat(text.statusCode()).isEqualTo(422);
    assertThat(text.body()).contains("class=\"error\" role=\"alert\"").doesNotContain("class=\"idcard\"");
    HttpResponse<String> none = node.postIdentify(Map.of(), new byte[0], "", "Accept-Language", "en");
    assertThat(none.statusCode()).isEqualTo(422);
    assertThat(none.body()).contains("Choose a photo first.");
    HttpResponse<String> half = node.postIdentify(Map.of("lat", "43"), parrot, "parrot.jpg", "Accept-Language", "en");
    assertThat(half.statusCode()).isEqualTo(422);
    assertThat(half.body()).contains("lat and lng must be given together").contains("value=\"43\"");
  }
}
