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

/**
 * /v1/observations on a real node over the real June 2022 sample (32 observations; ids are line numbers
 * 2..33). Expected figures were read off the sample's rows (listed in the assertions' comments).
 */
class ObservationsApiTest {

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
  void envelopeAndObservationShape() throws Exception {
    JsonNode page = api.ok("/v1/observations?per_page=2");
    assertThat(page.get("total_results").asLong()).isEqualTo(32);
    assertThat(page.get("page").asInt()).isEqualTo(1);
    assertThat(page.get("per_page").asInt()).isEqualTo(2);
    // default order: id desc. Ids are stable ids here (no source gives the real ones): 2^52 + (SHA-256 of the
    // uuid mod 2^51), computed with Python's hashlib for the sample's 32 uuids (docs/ids.md); the highest is line 13's
    assertThat(page.get("results").get(0).get("id").asLong()).isEqualTo(6751676360099348L);
    JsonNode o = api.ok("/v1/observations/c496f32c-dea1-4044-85c2-0763c8baec0d").get("results").get(0);
    assertThat(o.get("id").asLong()).isEqualTo(6143289048895760L);
    assertThat(o.get("uuid").asText()).isEqualTo("c496f32c-dea1-4044-85c2-0763c8baec0d");
    assertThat(o.get("location").asText()).matches("-?\\d+\\.\\d+,-?\\d+\\.\\d+");
    assertThat(o.get("geojson").get("type").asText()).isEqualTo("Point");
    assertThat(o.get("geojson").get("coordinates").get(0).asDouble())
        .isEqualTo(Double.parseDouble(o.get("location").asText().split(",")[1]));
    assertThat(o.get("observed_on_details").get("week").asInt()).isEqualTo(21);
    assertThat(o.get("taxon").get("name").asText()).isEqualTo("Plantae");
    assertThat(o.get("user").get("login").asText()).isEqualTo("sikstro1");
    for (String empty : List.of("identifications", "comments", "faves", "ofvs", "annotations", "tags", "votes",
        "quality_metrics")) {
      assertThat(o.get(empty).isArray()).as(empty).isTrue();
      assertThat(o.get(empty)).as(empty).isEmpty();
    }
    assertThat(o.get("description").isNull()).isTrue();
    assertThat(o.get("obscured").asBoolean()).isFalse();
    JsonNode photo = o.get("photos").get(0);
    assertThat(photo.get("url").asText()).startsWith("https://inaturalist-open-data.s3.amazonaws.com/photos/")
        .endsWith("/200352737/square.jpg");
    assertThat(photo.get("license_code").asText()).isEqualTo("cc-by-nc");
    assertThat(photo.get("attribution").asText()).isEqualTo("(c) sikstro1, some rights reserved (CC BY-NC)");
    assertThat(photo.get("flags").isArray()).isTrue();
    assertThat(o.get("observation_photos").get(0).get("photo").get("id")).isEqualTo(photo.get("id"));
  }

  @Test
  void taxonFilterIncludesDescendants() throws Exception {
    // Plantae (47126): 12 observations of plant species and 1 of Plantae itself.
    assertThat(api.total("/v1/observations?taxon_id=47126")).isEqualTo(13);
    assertThat(api.total("/v1/observations?exact_taxon_id=47126")).isEqualTo(1);
    assertThat(api.total("/v1/observations?without_taxon_id=47126")).isEqualTo(32 - 13);
    // Several taxa: commas and repeated keys are the same list.
    long both = api.total("/v1/observations?taxon_id=47126,3");
    assertThat(api.total("/v1/observations?taxon_id=47126&taxon_id=3")).isEqualTo(both);
    assertThat(both).isEqualTo(13 + api.total("/v1/observations?taxon_id=3"));
    assertThat(api.total("/v1/observations?taxon_id=999999999")).isZero();
  }

  @Test
  void observerQualityPhotosAndLicenseFilters() throws Exception {
    assertThat(api.total("/v1/observations?user_id=28")).isEqualTo(4);
    assertThat(api.total("/v1/observations?user_login=tiwane")).isEqualTo(4);
    assertThat(api.total("/v1/observations?user_id=tiwane")).isEqualTo(4);
    assertThat(api.total("/v1/observations?user_login=nobody-such")).isZero();
    assertThat(api.total("/v1/observations?quality_grade=research")).isEqualTo(19);
    assertThat(api.total("/v1/observations?quality_grade=needs_id,research")).isEqualTo(32);
    assertThat(api.total("/v1/observations?verifiable=true")).isEqualTo(32);
    assertThat(api.total("/v1/observations?verifiable=false")).isZero();
    assertThat(api.total("/v1/observations?photos=true")).isEqualTo(32);
    assertThat(api.total("/v1/observations?photo_license=cc-by")).isEqualTo(2);
    assertThat(api.total("/v1/observations?photo_license=CC-BY-NC-SA")).isEqualTo(1);
    // license is the observation's own, which the exports do not carry: refused, not read as photo_license
    assertThat(api.get("/v1/observations?license=CC-BY-NC-SA").status()).isEqualTo(422);
  }

  @Test
  void dateFiltersTakePlainDatesAndDateTimes() throws Exception {
    // 2022-04-16 .. 2022-04-26: ids 15, 18..26, 29..32 = 14 observations
    assertThat(api.total("/v1/observations?d1=2022-04-16&d2=2022-04-26")).isEqualTo(14);
    assertThat(api.total("/v1/observations?d1=2022-04-16T00:00:00%2B00:00&d2=2022-04-26T00:00:00%2B00:00"))
        .isEqualTo(14);
    assertThat(api.total("/v1/observations?d1=2022-04-16T00:00:00Z&d2=2022-04-26")).isEqualTo(14);
    assertThat(api.total("/v1/observations?observed_on=2022-04-24")).isEqualTo(6);
    assertThat(api.total("/v1/observations?year=2022&month=4")).isEqualTo(14);
    assertThat(api.total("/v1/observations?year=2008")).isEqualTo(1);
    assertThat(api.total("/v1/observations?month=4&day=24")).isEqualTo(6);
  }

  @Test
  void placeFilters() throws Exception {
    // tiwane's four near Point Reyes (37.98..37.99, -122.65..-122.64)
    assertThat(api.total("/v1/observations?swlat=37.9&swlng=-122.7&nelat=38.1&nelng=-122.6")).isEqualTo(4);
    assertThat(api.total("/v1/observations?lat=37.99&lng=-122.65&radius=5")).isEqualTo(4);
    assertThat(api.total("/v1/observations?lat=0&lng=0&radius=1")).isZero();
    // Southern hemisphere box: Uluru (ids 5) and KwaZulu-Natal (29, 32)
    assertThat(api.total("/v1/observations?swlat=-40&swlng=-180&nelat=-20&nelng=180")).isEqualTo(3);
  }

  @Test
  void rankFiltersAndQ() throws Exception {
    assertThat(api.total("/v1/observations?rank=kingdom")).isEqualTo(1);
    assertThat(api.total("/v1/observations?hrank=genus&lrank=subspecies"))
        .isEqualTo(api.total("/v1/observations?rank=genus,species,subspecies,variety,form,hybrid,complex,subgenus,section,subsection,genushybrid,infrahybrid"));
    assertThat(api.total("/v1/observations?q=Plantae")).isEqualTo(13);
  }

  @Test
  void pagingByIdAboveCoversEverythingOnce() throws Exception {
    // pyinaturalist's page='all': order_by=id&order=asc&id_above=N until a short page
    List<Long> seen = new ArrayList<>();
    long above = 0;
    while (true) {
      JsonNode page = api.ok("/v1/observations?order_by=id&order=asc&per_page=10&id_above=" + above);
      for (JsonNode o : page.get("results")) {
        seen.add(o.get("id").asLong());
      }
      if (page.get("results").size() < 10) {
        break;
      }
      above = seen.get(seen.size() - 1);
    }
    assertThat(seen).hasSize(32).doesNotHaveDuplicates().isSorted();
    // the 9th lowest stable id of the sample (Python, as above): 8 observations lie below it
    assertThat(api.total("/v1/observations?id_below=5173515778301923")).isEqualTo(8);
    assertThat(api.total("/v1/observations?id_above=5173515778301923")).isEqualTo(23);
  }

  @Test
  void pagesAndOrders() throws Exception {
    JsonNode p2 = api.ok("/v1/observations?per_page=5&page=2&order_by=observed_on&order=asc");
    assertThat(p2.get("page").asInt()).isEqualTo(2);
    List<String> days = new ArrayList<>();
    for (JsonNode o : api.ok("/v1/observations?per_page=200&order_by=observed_on&order=asc").get("results")) {
      days.add(o.get("observed_on").asText());
    }
    assertThat(days).hasSize(32).isSorted();
    assertThat(p2.get("results").get(0).get("observed_on").asText()).isEqualTo(days.get(5));
    JsonNode counts = api.ok("/v1/observations?per_page=0");
    assertThat(counts.get("total_results").asLong()).isEqualTo(32);
    assertThat(counts.get("results")).isEmpty();
    assertThat(api.ok("/v1/observations?page=100").get("results")).isEmpty();
    assertThat(api.ok("/v1/observations?order_by=random&per_page=200").get("results")).hasSize(32);
    assertThat(api.ok("/v1/observations?order_by=created_at&per_page=1").get("results").get(0).get("id").asLong())
        .isEqualTo(6751676360099348L);
  }

  @Test
  void onlyIdAndBounds() throws Exception {
    JsonNode ids = api.ok("/v1/observations?only_id=true&per_page=3");
    assertThat(ids.get("results").get(0).size()).isEqualTo(1);
    assertThat(ids.get("results").get(0).get("id").asLong()).isEqualTo(6751676360099348L);
    JsonNode bounds = api.ok("/v1/observations?return_bounds=true&user_id=28").get("total_bounds");
    assertThat(bounds.get("swlat").asDouble()).isBetween(37.97, 37.99);
    assertThat(bounds.get("nelng").asDouble()).isBetween(-122.65, -122.63);
  }

  @Test
  void byIdOrUuidAndUnknownIsEmpty() throws Exception {
    // line 2's stable id, line 3's uuid (stable ids computed with Python's hashlib, docs/ids.md)
    JsonNode r = api.ok("/v1/observations/5895285454616975,f710a6e0-c5b7-4886-841e-f3be174f089c,999999");
    assertThat(r.get("total_results").asInt()).isEqualTo(2);
    assertThat(r.get("results").get(0).get("id").asLong()).isEqualTo(5895285454616975L);
    assertThat(r.get("results").get(0).get("uuid").asText()).isEqualTo("f717b9dc-659e-4b10-a9ca-4d78ee447d71");
    assertThat(r.get("results").get(1).get("id").asLong()).isEqualTo(6733968966786504L);
    JsonNode none = api.ok("/v1/observations/123456789");
    assertThat(none.get("total_results").asInt()).isZero();
    assertThat(none.get("results")).isEmpty();
  }

  @Test
  void speciesCountsAreLeavesOnly() throws Exception {
    JsonNode r = api.ok("/v1/observations/species_counts?taxon_id=47126");
    // 12 plant leaf taxa; Plantae itself (observation 33) has observed descendants, so it is not a leaf
    assertThat(r.get("total_results").asInt()).isEqualTo(12);
    assertThat(r.get("results")).hasSize(12);
    for (JsonNode c : r.get("results")) {
      assertThat(c.get("taxon").get("id").asInt()).isNotEqualTo(47126);
      assertThat(c.get("count").asInt()).isPositive();
    }
    JsonNode all = api.ok("/v1/observations/species_counts?taxon_id=47126&include_ancestors=true");
    assertThat(all.get("results").get(0).get("taxon").get("id").asInt()).isIn(48460, 47126);
    assertThat(all.get("results").get(0).get("count").asInt()).isEqualTo(13);
  }

  @Test
  void observersCountObservationsAndSpecies() throws Exception {
    JsonNode r = api.ok("/v1/observations/observers?per_page=1");
    assertThat(r.get("total_results").asInt()).isEqualTo(23);
    JsonNode top = r.get("results").get(0);
    assertThat(top.get("user_id").asInt()).isEqualTo(28); // tiwane: 4 observations, the most
    assertThat(top.get("observation_count").asInt()).isEqualTo(4);
    assertThat(top.get("species_count").asInt()).isBetween(1, 4);
    assertThat(top.get("user").get("login").asText()).isEqualTo("tiwane");
  }

  @Test
  void histogramsAreBackfilled() throws Exception {
    JsonNode moy = api.ok("/v1/observations/histogram").get("results").get("month_of_year");
    assertThat(moy.size()).isEqualTo(12);
    assertThat(moy.get("4").asInt()).isEqualTo(15); // 14 in 2022, 1 in 2021
    assertThat(moy.get("3").asInt()).isZero();
    JsonNode woy = api.ok("/v1/observations/histogram?interval=week_of_year").get("results").get("week_of_year");
    assertThat(woy.size()).isEqualTo(53);
    JsonNode day = api.ok("/v1/observations/histogram?interval=day&d1=2022-04-20&d2=2022-04-26").get("results")
        .get("day");
    assertThat(day.size()).isEqualTo(7);
    assertThat(day.get("2022-04-21").asInt()).isZero();
    assertThat(day.get("2022-04-24").asInt()).isEqualTo(6);
    JsonNode week = api.ok("/v1/observations/histogram?interval=week&year=2022").get("results").get("week");
    assertThat(week.fieldNames().next()).isEqualTo("2022-01-10"); // a Monday: 2022-01-15 is in that week
    JsonNode year = api.ok("/v1/observations/histogram?interval=year").get("results").get("year");
    assertThat(year.size()).isEqualTo(2022 - 2008 + 1);
    assertThat(year.get("2008-01-01").asInt()).isEqualTo(1);
    assertThat(year.get("2009-01-01").asInt()).isZero();
  }

  @Test
  void popularFieldValuesAndControlledTermsAreEmptyEnvelopes() throws Exception {
    for (String path : List.of("/v1/observations/popular_field_values", "/v1/controlled_terms",
        "/v1/controlled_terms/for_taxon/47126")) {
      JsonNode r = api.ok(path);
      assertThat(r.get("total_results").asInt()).as(path).isZero();
      assertThat(r.get("results").isArray()).as(path).isTrue();
    }
  }
}
