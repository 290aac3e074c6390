package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.testing.SharedData;

/** score_image through HTTP on a real node: the Coral reference scores, seen nearby, errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoreImageApiTest {

  private VisionServer node;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    node = VisionServer.start(dir.resolve("data"), dir.resolve("models"),
        "coral-inat-birds", "coral-inat-insects", "coral-imagenet");
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static Path photo(String name) {
    return SharedData.data("photos/" + name);
  }

  private JsonNode ok(String photo, Map<String, String> fields) throws Exception {
    VisionServer.Reply r = node.score(photo(photo), fields);
    assertThat(r.status()).as("%s: %s", photo, r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void parrotIsAraMacaoAtTheReferenceScore() throws Exception {
    JsonNode top = ok("open-images/parrot.jpg", Map.of()).get("results").get(0);
    assertThat(top.get("taxon").get("name").asText()).isEqualTo("Ara macao");
    assertThat(top.get("vision_score").asDouble()).isCloseTo(72, within(1.0));
    assertThat(top.get("combined_score").asDouble()).isEqualTo(top.get("vision_score").asDouble());
    // not in the sample snapshot: a minimal taxon built from the label
    assertThat(top.get("taxon").get("id").isNull()).isTrue();
    assertThat(top.get("taxon").get("preferred_common_name").asText()).isEqualTo("Scarlet Macaw");
    assertThat(top.get("taxon").get("rank").asText()).isEqualTo("species");
  }

  @Test
  void owlIsAtheneCunicularia() throws Exception {
    JsonNode body = ok("open-images/owl.jpg", Map.of());
    JsonNode top = body.get("results").get(0);
    assertThat(top.get("taxon").get("name").asText()).isEqualTo("Athene cunicularia");
    assertThat(top.get("vision_score").asDouble()).isCloseTo(96, within(1.0));
    assertThat(body.get("total_results").asInt()).isEqualTo(body.get("results").size());
  }

  @Test
  void dragonflyIsMicrathyriaHageniiFromTheInsectModel() throws Exception {
    JsonNode body = ok("open-images/dragonfly.bmp", Map.of());
    JsonNode top = body.get("results").get(0);
    assertThat(top.get("taxon").get("name").asText()).isEqualTo("Micrathyria hagenii");
    assertThat(top.get("vision_score").asDouble()).isCloseTo(82, within(1.0));
    JsonNode insects = find(body.get("bundles"), "coral-inat-insects");
    assertThat(insects.get("applied").asBoolean()).isTrue();
    assertThat(find(body.get("bundles"), "coral-inat-birds").get("applied").asBoolean()).isFalse();
  }

  @Test
  void taxonIdRestrictsToThatClade() throws Exception {
    // Insecta: only the insect model is in play, even for a bird photo, and no bird can come out
    JsonNode body = ok("open-images/parrot.jpg", Map.of("taxon_id", "47158"));
    assertThat(find(body.get("bundles"), "coral-inat-birds").get("applied").asBoolean()).isFalse();
    assertThat(body.get("results").size()).isPositive();
    // Aves: the bird model alone, weight 1, the gate not consulted
    JsonNode birds = ok("open-images/owl.jpg", Map.of("taxon_id", "3"));
    assertThat(birds.get("results").get(0).get("vision_score").asDouble()).isCloseTo(96, within(1.0));
    assertThat(find(birds.get("bundles"), "coral-imagenet").get("applied").asBoolean()).isFalse();
  }

  @Test
  void seenNearbyLiftsATaxonObservedAroundThePoint() throws Exception {
    // The sample has a research-grade Ruddy Turnstone (Arenaria interpres, 3938) at Milwaukee on 2022-01-15
    JsonNode body = ok("open-images/parrot.jpg",
        Map.of("taxon_id", "3", "lat", "43.06", "lng", "-87.88", "observed_on", "2022-01-20"));
    JsonNode turnstone = null;
    int rank = 0;
    for (JsonNode r : body.get("results")) {
      rank++;
      if (r.get("taxon").get("id").asInt() == 3938) {
        turnstone = r;
        break;
      }
    }
    assertThat(turnstone).as("Arenaria interpres among the results: %s", body).isNotNull();
    assertThat(rank).isLessThanOrEqualTo(3);
    assertThat(turnstone.get("frequency_score").asDouble()).isEqualTo(100);
    // combined = vision x max(frequency, 0.005), renormalised: 200x the weight of a taxon not seen nearby
    assertThat(turnstone.get("combined_score").asDouble()).isGreaterThan(100 * turnstone.get("vision_score").asDouble());
    assertThat(turnstone.get("taxon").get("ancestor_ids").size()).isPositive(); // a full snapshot taxon view
    JsonNode top = body.get("results").get(0);
    assertThat(top.get("combined_score").asDouble()).isLessThan(top.get("vision_score").asDouble());
    // Expected nearby wins the common ancestor: the turnstone's genus (rank level 20)
    JsonNode ancestor = body.get("common_ancestor");
    assertThat(ancestor.get("taxon").get("id").asInt()).isEqualTo(3937);
    assertThat(ancestor.get("taxon").get("rank").asText()).isEqualTo("genus");
    // Far away (Sydney) nothing is seen nearby and the parrot's own ranking stands
    JsonNode far = ok("open-images/parrot.jpg", Map.of("lat", "-33.9", "lng", "151.2"));
    assertThat(far.get("results").get(0).get("taxon").get("name").asText()).isEqualTo("Ara macao");
    assertThat(far.get("results").get(0).get("frequency_score").asDouble()).isZero();
  }

  @Test
  void decoderEdgeCasesAreScored() throws Exception {
    for (String p : new String[] {"camera-traps/african_elephants_bw.jpg", "camera-traps/african_elephants_cmyk.jpg",
        "camera-traps/african_elephants_with_exif_orientation.jpg", "open-images/bird.bmp"}) {
      assertThat(node.score(photo(p), Map.of()).status()).as(p).isEqualTo(200);
    }
  }

  @Test
  void badUploadsAreClientErrors() throws Exception {
    VisionServer.Reply truncated = node.score(photo("camera-traps/african_elephants_truncated_file.jpg"), Map.of());
    assertThat(truncated.status()).isEqualTo(422);
    assertThat(truncated.body().get("error").asText()).isNotBlank();
    assertThat(truncated.body().get("status").asInt()).isEqualTo(422);

    VisionServer.Reply text = node.score("not an image at all".getBytes(), "x.jpg", Map.of());
    assertThat(text.status()).isEqualTo(422);

    VisionServer.Reply none = node.score(null, null, Map.of("lat", "1", "lng", "2"));
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.body().get("error").asText()).contains("image");

    byte[] huge = new byte[21 << 20];
    System.arraycopy(Files.readAllBytes(photo("open-images/owl.jpg")), 0, huge, 0, 1000);
    assertThat(node.score(huge, "big.jpg", Map.of()).status()).isEqualTo(413);

    VisionServer.Reply badLat = node.score(photo("open-images/owl.jpg"), Map.of("lat", "91", "lng", "0"));
    assertThat(badLat.status()).isEqualTo(422);
    assertThat(badLat.body().get("error").asText()).contains("lat");

    VisionServer.Reply badTaxon = node.score(photo("open-images/owl.jpg"), Map.of("taxon_id", "999999999"));
    assertThat(badTaxon.status()).isEqualTo(422);
  }

  @Test
  void modelsEndpointListsBundlesAndLabelMatches() throws Exception {
    JsonNode models = node.get("/v1/computervision/models");
    assertThat(models.get("total_results").asInt()).isEqualTo(3);
    JsonNode birds = find(models.get("results"), "coral-inat-birds");
    assertThat(birds.get("covers").get("taxon_id").asInt()).isEqualTo(3);
    // the sample snapshot knows 2 of the 964 bird species (Anas platyrhynchos, Arenaria interpres)
    assertThat(birds.get("labels_matched").asInt()).isEqualTo(2);
    assertThat(birds.get("labels_unmatched").asInt()).isBetween(950, 962);
  }

  static JsonNode find(JsonNode array, String name) {
    for (JsonNode n : array) {
      if (n.get("name").asText().equals(name)) {
        return n;
      }
    }
    throw new AssertionError("no " + name + " in " + array);
  }
}
