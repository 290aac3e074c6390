package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /v1/taxa, /v1/taxa/{ids}, /v1/taxa/autocomplete and /v1/users/{id} on the real sample. */
class TaxaAndUsersApiTest {

  @TempDir
  static Path dataDir;
  static ApiServer api;

  @BeforeAll
  static void start() throws Exception {
    api = ApiServer.onSample(dataDir);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void taxonDetailHasAncestorsChildrenAndPhoto() throws Exception {
    JsonNode t = api.ok("/v1/taxa/61824").get("results").get(0); // Trifolium hybridum, observation 2
    assertThat(t.get("name").asText()).isEqualTo("Trifolium hybridum");
    assertThat(t.get("rank").asText()).isEqualTo("species");
    assertThat(t.get("rank_level").isInt()).isTrue();
    assertThat(t.get("iconic_taxon_name").asText()).isEqualTo("Plantae");
    String ancestry = t.get("ancestry").asText();
    assertThat(ancestry).startsWith("48460/47126/").doesNotContain("61824");
    // The detail view lists ancestor_ids without the taxon itself, as iNaturalist's /taxa/{id} does.
    List<Integer> ancestorIds = new ArrayList<>();
    t.get("ancestor_ids").forEach(n -> ancestorIds.add(n.asInt()));
    assertThat(ancestorIds).doesNotContain(61824).startsWith(48460, 47126);
    assertThat(t.get("ancestors")).hasSize(ancestorIds.size());
    assertThat(t.get("ancestors").get(1).get("ancestor_ids").toString()).isEqualTo("[48460,47126]");
    assertThat(t.get("parent_id").asInt()).isEqualTo(ancestorIds.get(ancestorIds.size() - 1));
    assertThat(t.get("observations_count").asInt()).isEqualTo(1);
    assertThat(t.get("children").isArray()).isTrue();
    JsonNode photo = t.get("default_photo");
    assertThat(photo.get("square_url").asText()).endsWith("/square.jpg");
    assertThat(photo.get("medium_url").asText()).endsWith("/medium.jpg");
    assertThat(photo.get("attribution").asText()).isEqualTo("(c) akjenny, some rights reserved (CC BY-NC), uploaded by akjenny");
    assertThat(t.get("taxon_photos").get(0).get("taxon").get("ancestor_ids").toString()).endsWith(",61824]");
    // Plantae's children are listed
    JsonNode plantae = api.ok("/v1/taxa/47126").get("results").get(0);
    assertThat(plantae.get("children").size()).isPositive();
    assertThat(plantae.get("ancestry").asText()).isEqualTo("48460");
  }

  @Test
  void taxaByIdListSkipsUnknown() throws Exception {
    JsonNode r = api.ok("/v1/taxa/47126,1,424242424");
    assertThat(r.get("total_results").asInt()).isEqualTo(2);
    assertThat(api.ok("/v1/taxa/424242424").get("results")).isEmpty();
    JsonNode names = api.ok("/v1/taxa/47126?all_names=true").get("results").get(0).get("names");
    assertThat(names.get(0).get("locale").asText()).isEqualTo("sci");
    assertThat(names.get(0).get("name").asText()).isEqualTo("Plantae");
  }

  @Test
  void taxaSearchFilters() throws Exception {
    assertThat(api.total("/v1/taxa")).isEqualTo(183);
    assertThat(api.total("/v1/taxa?rank=kingdom")).isEqualTo(api.total("/v1/taxa?rank_level=70"));
    JsonNode kids = api.ok("/v1/taxa?parent_id=48460&per_page=200");
    kids.get("results").forEach(k -> assertThat(k.get("parent_id").asInt()).isEqualTo(48460));
    long plants = api.total("/v1/taxa?taxon_id=47126");
    assertThat(plants).isGreaterThan(12);
    assertThat(api.total("/v1/taxa?taxon_id=47126&rank=species")).isLessThan(plants);
    JsonNode q = api.ok("/v1/taxa?q=trifolium");
    assertThat(q.get("results").get(0).get("matched_term").asText()).startsWith("Trifolium");
    JsonNode byObs = api.ok("/v1/taxa?per_page=1");
    assertThat(byObs.get("results").get(0).get("id").asInt()).isEqualTo(48460); // most observations first
    JsonNode byId = api.ok("/v1/taxa?order_by=id&order=asc&id_above=40000&per_page=1");
    assertThat(byId.get("results").get(0).get("id").asInt()).isGreaterThan(40000);
  }

  @Test
  void autocompleteExactFirstThenPrefix() throws Exception {
    JsonNode r = api.ok("/v1/taxa/autocomplete?q=Plantae");
    assertThat(r.get("results").get(0).get("name").asText()).isEqualTo("Plantae");
    assertThat(r.get("results").get(0).get("matched_term").asText()).isEqualTo("Plantae");
    JsonNode prefix = api.ok("/v1/taxa/autocomplete?q=tri&per_page=3");
    assertThat(prefix.get("results").size()).isBetween(1, 3);
    prefix.get("results").forEach(t -> assertThat(t.get("matched_term").asText().toLowerCase()).contains("tri"));
  }

  @Test
  void userByIdOrLogin() throws Exception {
    JsonNode byId = api.ok("/v1/users/28").get("results").get(0);
    JsonNode byLogin = api.ok("/v1/users/TIWANE").get("results").get(0);
    assertThat(byLogin).isEqualTo(byId);
    assertThat(byId.get("login").asText()).isEqualTo("tiwane");
    assertThat(byId.get("name").asText()).isEqualTo("Tony Iwane");
    assertThat(byId.get("observations_count").asInt()).isEqualTo(4);
    assertThat(byId.get("species_count").asInt()).isBetween(1, 4);
  }
}
