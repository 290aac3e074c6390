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
    node = WebNode.start(tmp, "coral-inat-birds", "coral-inat-insects", "coral-imagenet");
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
        .contains("<form class=\"identify\" id=\"identify-form\" method=\"post\" action=\"/identify\" enctype=\"multipart/form-data\"")
        .contains("<select name=\"taxon_id\">").contains("<option value=\"47126\">A plant</option>")
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
        .contains("Not in this archive") // not a taxon of the sample: the model's names, no photo,
        .contains("No photo").doesNotContain("href=\"/taxa/-") // no page of its own, a link to its nearest
        .contains("In this archive:").contains("href=\"/taxa/3\"");  // ancestor in the archive instead
    assertThat(first).containsPattern("<strong>7\\d\\.\\d%</strong>");
    assertThat(r.body()).contains("parrot.jpg").doesNotContain("badge nearby");
    assertThat(r.headers().firstValue("content-security-policy")).isPresent();
  }

  /** Issue 14.1: the headline follows the image (genus Passer), not the one turnstone the archive holds nearby. */
  @Test
  void sparrowAtMilwaukeeHeadlineIsTheGenusTheImageSupportsInBothLanguages() throws Exception {
    byte[] sparrow = Files.readAllBytes(SharedData.data("photos/wikimedia-birds/Passer domesticus.jpg"));
    Map<String, String> milwaukee = Map.of("lat", "43.06", "lng", "-87.88", "observed_on", "2022-01-20");
    HttpResponse<String> en = node.postIdentify(milwaukee, sparrow, "sparrow.jpg", "Accept-Language", "en");
    assertThat(en.statusCode()).as(en.body()).isEqualTo(200);
    String headline = ancestor(en.body());
    assertThat(headline).startsWith("Most likely within:").contains(">genus<").contains(">Passer<")
        .doesNotContain("Arenaria");
    assertThat(cards(en.body()).get(0)).contains(">Passer domesticus<").contains("House Sparrow")
        .contains("In this archive:").contains("href=\"/taxa/3\"").contains("href=\"/?taxon_id=3\"");
    // the form keeps the point and the date, and the map shows the point
    assertThat(en.body()).contains("value=\"43.06\"").contains("value=\"2022-01-20\"").contains("circle class=\"marker\"");

    HttpResponse<String> ru = node.postIdentify(milwaukee, sparrow, "sparrow.jpg", "Accept-Language", "ru");
    assertThat(ru.statusCode()).isEqualTo(200);
    assertThat(ancestor(ru.body())).startsWith("Скорее всего, относится к:").contains(">род<").contains(">Passer<")
        .doesNotContain("Arenaria");
    assertThat(cards(ru.body()).get(0)).contains("В этом архиве:").contains("Птицы"); // the snapshot's Russian name
  }

  /** Issue 14.4 without JavaScript: the date and place come from the photo's EXIF when the form leaves them empty. */
  @Test
  void dateAndPlaceFromThePhotosExifWithoutJavaScript() throws Exception {
    byte[] sparrow = Files.readAllBytes(org.refugium.testing.ExifJpeg.withExif(
        SharedData.data("photos/wikimedia-birds/Passer domesticus.jpg"), tmp.resolve("exif-sparrow.jpg")));
    HttpResponse<String> r = node.postIdentify(Map.of(), sparrow, "sparrow.jpg", "Accept-Language", "en");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("value=\"43.06\"").contains("value=\"-87.88\"").contains("value=\"2022-01-20\"")
        .contains("From the photo: 43.06, -87.88 \u00b7 2022-01-20");
    assertThat(ancestor(r.body())).contains(">Passer<");
    // a typed point wins over the photo's
    HttpResponse<String> typed = node.postIdentify(Map.of("lat", "-33.9", "lng", "151.2"), sparrow, "sparrow.jpg",
        "Accept-Language", "en");
    assertThat(typed.body()).contains("value=\"-33.9\"").doesNotContain("value=\"43.06\"");
  }

  /** Issue 14.2: the small Willet is declined by the gate; the page says what the node knows and offers "try as". */
  @Test
  void gateRefusalOffersTryAsAndTheForcedAnswerIsMarkedAsGuesses() throws Exception {
    byte[] willet = Files.readAllBytes(SharedData.data("photos/inaturalist/willet.jpg"));
    HttpResponse<String> refused = node.postIdentify(Map.of(), willet, "willet.jpg", "Accept-Language", "en");
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("This node recognises birds (964 species), insects (1,021 species)")
        .contains("<button type=\"submit\" form=\"identify-form\" name=\"taxon_id\" value=\"3\"")
        .contains("Try as a bird").contains("Try as an insect");
    assertThat(cards(refused.body())).isEmpty();

    HttpResponse<String> tried = node.postIdentify(Map.of("taxon_id", "3"), willet, "willet.jpg", "Accept-Language", "ru");
    assertThat(tried.statusCode()).isEqualTo(200);
    assertThat(tried.body()).contains("class=\"warning\"").contains("Общая модель не видит на этом фото птицы")
        .doesNotContain("class=\"ancestor\"");
    assertThat(cards(tried.body())).isNotEmpty();
    assertThat(tried.body()).contains("<option value=\"3\" selected>Птица</option>");

    HttpResponse<String> plant = node.postIdentify(Map.of("taxon_id", "47126"),
        Files.readAllBytes(SharedData.data("photos/inaturalist/lamprocapnos_spectabilis.jpeg")), "flower.jpeg",
        "Accept-Language", "en");
    assertThat(plant.body()).contains("No installed model knows this group: the node recognises birds");
    assertThat(cards(plant.body())).isEmpty();
  }

  /** Issue 14.5: a model label that is a taxon of the snapshot takes the snapshot's Russian name. */
  @Test
  void aLabelInTheSnapshotTakesItsRussianName() throws Exception {
    byte[] willet = Files.readAllBytes(SharedData.data("photos/inaturalist/willet.jpg"));
    // genus Arenaria: the Ruddy Turnstone (3938, Russian name in the fixture) and the Black Turnstone (not in it)
    HttpResponse<String> r = node.postIdentify(Map.of("taxon_id", "3937"), willet, "willet.jpg", "Accept-Language", "ru");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String turnstone = cards(r.body()).stream().filter(c -> c.contains("href=\"/taxa/3938\"")).findFirst().orElseThrow();
    assertThat(turnstone).contains("Камнешарка").doesNotContain("Ruddy Turnstone");
    String black = cards(r.body()).stream().filter(c -> c.contains("Arenaria melanocephala")).findFirst().orElseThrow();
    // no Russian name anywhere for it: the model's English one, marked as English; linked to its genus here
    assertThat(black).contains("<span class=\"common\" lang=\"en\">Black Turnstone</span>")
        .contains("href=\"/taxa/3937\"");
  }

  static String ancestor(String html) {
    Matcher m = Pattern.compile("<p class=\"ancestor\">(.*?)</p>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as("a headline in %s", html).isTrue();
    return m.group(1);
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
    // what the node knows, with Russian plural forms (ICU): 964 вида, 1 021 вид
    assertThat(r.body()).contains("Этот узел распознаёт птиц (964 вида)").containsPattern("насекомых \\(1.021 вид\\)");
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
    assertThat(half.body()).contains("give both latitude and longitude, or neither.").contains("value=\"43\"")
        .doesNotContain("lat and lng");
    // the form's mistakes in the page's language, not the API's parameter names in English (issue 14.12)
    HttpResponse<String> halfRu = node.postIdentify(Map.of("lng", "37.6"), parrot, "parrot.jpg", "Accept-Language",
        "ru");
    assertThat(halfRu.statusCode()).isEqualTo(422);
    assertThat(halfRu.body()).contains("укажите и широту, и долготу — или ни одной.").doesNotContain("lat and lng");
    HttpResponse<String> badDate = node.postIdentify(Map.of("observed_on", "2022-13-45"), parrot, "parrot.jpg",
        "Accept-Language", "ru");
    assertThat(badDate.statusCode()).isEqualTo(422);
    assertThat(badDate.body()).contains("проверьте форму: широта от −90 до 90").doesNotContain("must be")
        .contains("value=\"2022-13-45\"");
    // a photo the decoder refuses is said in the page's language, not in the decoder's English
    HttpResponse<String> ru = node.postIdentify(Map.of(), "not a photo".getBytes(StandardCharsets.UTF_8), "notes.txt",
        "Accept-Language", "ru");
    assertThat(ru.statusCode()).isEqualTo(422);
    assertThat(ru.body()).contains("файл не читается как изображение (JPEG, PNG, BMP или GIF): он повреждён")
        .doesNotContain("not an image in a supported format");
  }
}
