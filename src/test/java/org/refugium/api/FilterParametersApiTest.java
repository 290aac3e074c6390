package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.SnapshotImporter;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * The filters a researcher's script sends, on a real node over the real June 2022 sample: each total is compared with
 * SQL over the same snapshot's SQLite (an independent computation, never the code under test), and each filter must
 * actually narrow (its SQL count is below the 32 observations), so "returns everything" cannot pass.
 */
class FilterParametersApiTest {

  @TempDir
  static Path dataDir;
  static ApiServer api;
  static Connection db;
  static long all;

  @BeforeAll
  static void start() throws Exception {
    SnapshotImporter.Result imported = Snapshots.importOpenData(dataDir, "s", SharedData.openDataSample());
    db = Snapshots.open(imported);
    api = ApiServer.onDataDir(dataDir);
    all = sql("SELECT count(*) FROM observations");
    assertThat(all).isEqualTo(32);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    db.close();
  }

  static long sql(String query) throws Exception {
    return Snapshots.scalar(db, query);
  }

  /** The API's total for a query equals SQL's count, and SQL's count is a real narrowing. */
  static void narrowsAsSql(String query, String where) throws Exception {
    long expected = sql("SELECT count(*) FROM observations o LEFT JOIN taxa t ON t.id = o.taxon_id WHERE " + where);
    assertThat(expected).as("SQL for %s", query).isLessThan(all);
    assertThat(api.total("/v1/observations?" + query)).as(query).isEqualTo(expected);
  }

  @Test
  void verifiableWithCasualGradeMatchesNothing() throws Exception {
    // the audit's bug: no grade is both verifiable and casual; an empty set of grades meant "no filter"
    assertThat(api.total("/v1/observations?verifiable=true&quality_grade=casual")).isZero();
    assertThat(api.total("/v1/observations/species_counts?verifiable=true&quality_grade=casual")).isZero();
    assertThat(api.total("/v1/observations/observers?verifiable=true&quality_grade=casual")).isZero();
    assertThat(api.total("/v1/observations?verifiable=false&quality_grade=research,needs_id")).isZero();
    narrowsAsSql("verifiable=true&quality_grade=research,casual", "o.quality_grade = 'research'");
    // an empty value is absent, not "nothing": quality_grade= filters nothing
    assertThat(api.total("/v1/observations?quality_grade=&verifiable=")).isEqualTo(all);
    // and "any", as iNaturalist reads it
    assertThat(api.total("/v1/observations?quality_grade=any&verifiable=any&photo_license=any")).isEqualTo(all);
    narrowsAsSql("quality_grade=any&verifiable=true&quality_grade=needs_id", "o.quality_grade = 'needs_id'");
  }

  /** not_id leaves out exactly the given observations (#13): the two lowest and the highest id of the snapshot. */
  @Test
  void notIdLeavesOutThoseObservations() throws Exception {
    long lowest = sql("SELECT min(id) FROM observations");
    long second = sql("SELECT min(id) FROM observations WHERE id > " + lowest);
    long highest = sql("SELECT max(id) FROM observations");
    narrowsAsSql("not_id=" + lowest + "," + second + "," + highest,
        "o.id NOT IN (" + lowest + ", " + second + ", " + highest + ")");
    assertThat(all - api.total("/v1/observations?not_id=" + highest)).isEqualTo(1);
    // with id: the ids asked for, minus the ones left out
    assertThat(api.total("/v1/observations?id=" + lowest + "," + second + "&not_id=" + second)).isEqualTo(1);
    assertThat(api.total("/v1/observations?not_id=1")).as("an id no observation has").isEqualTo(all);
  }

  @Test
  void iconicTaxaFollowTheTaxonsAncestry() throws Exception {
    // Aves (3) holds no other iconic taxon: every observation whose taxon has 3 on its path
    narrowsAsSql("iconic_taxa=Aves", "('/' || t.ancestry || '/' || t.id || '/') LIKE '%/3/%'");
    narrowsAsSql("iconic_taxa=aves,Plantae", "('/' || t.ancestry || '/' || t.id || '/') LIKE '%/3/%'"
        + " OR ('/' || t.ancestry || '/' || t.id || '/') LIKE '%/47126/%'");
    // Animalia is the iconic taxon only of animals outside the nested iconic classes and phyla
    narrowsAsSql("iconic_taxa=Animalia", "('/' || t.ancestry || '/' || t.id || '/') LIKE '%/1/%' AND NOT ("
        + iconicPathAny("3", "20978", "26036", "40151", "47178", "47115", "47119", "47158") + ")");
    // unknown: no taxon, or a taxon outside every iconic taxon
    narrowsAsSql("iconic_taxa=unknown", "t.id IS NULL OR NOT (" + iconicPathAny("1", "47126", "3", "20978", "26036",
        "40151", "47178", "47115", "47119", "47158", "47170", "48222", "47686", "48460") + ")");
    assertThat(api.get("/v1/observations?iconic_taxa=Dinosauria").status()).isEqualTo(422);
  }

  private static String iconicPathAny(String... ids) {
    StringBuilder b = new StringBuilder();
    for (String id : ids) {
      b.append(b.isEmpty() ? "" : " OR ").append("('/' || t.ancestry || '/' || t.id || '/') LIKE '%/").append(id)
          .append("/%'");
    }
    return b.toString();
  }

  @Test
  void taxonNameMatchesTheObservationsOwnTaxonByWholeWords() throws Exception {
    // Asteraceae: observations identified as a taxon with a name holding that word, descendants not included (as
    // iNaturalist); the sample has none at family level, so zero, not 32
    long asteraceae = sql("SELECT count(*) FROM observations o JOIN taxa t ON t.id = o.taxon_id WHERE t.active = 1 AND ("
        + "(' ' || lower(t.name) || ' ') LIKE '% asteraceae %' OR EXISTS (SELECT 1 FROM taxon_names n WHERE"
        + " n.taxon_id = t.id AND (' ' || lower(n.name) || ' ') LIKE '% asteraceae %'))");
    assertThat(api.total("/v1/observations?taxon_name=Asteraceae")).isEqualTo(asteraceae).isLessThan(all);
    // a name that is there: the scientific name of the first observation's taxon
    String name = Snapshots.text(db, "SELECT t.name FROM observations o JOIN taxa t ON t.id = o.taxon_id"
        + " WHERE t.rank = 'species' ORDER BY o.id LIMIT 1");
    String genus = name.split(" ")[0];
    narrowsAsSql("taxon_name=" + genus.toUpperCase(java.util.Locale.ROOT),
        "t.active = 1 AND (' ' || lower(t.name) || ' ') LIKE '% " + genus.toLowerCase(java.util.Locale.ROOT) + " %'");
    assertThat(sql("SELECT count(*) FROM observations o JOIN taxa t ON t.id = o.taxon_id WHERE t.name LIKE '"
        + genus + " %'")).isPositive();
    assertThat(api.total("/v1/observations?taxon_name=Zzyzxnotaname")).isZero();
  }

  @Test
  void accuracyFiltersCompareMetres() throws Exception {
    narrowsAsSql("acc_below=100", "o.positional_accuracy < 100");
    narrowsAsSql("acc_above=100", "o.positional_accuracy > 100");
    narrowsAsSql("acc_below_or_unknown=10", "o.positional_accuracy < 10 OR o.positional_accuracy IS NULL");
    narrowsAsSql("acc_above=4&acc_below=41", "o.positional_accuracy > 4 AND o.positional_accuracy < 41");
    narrowsAsSql("acc=true", "o.positional_accuracy IS NOT NULL");
    narrowsAsSql("acc=false", "o.positional_accuracy IS NULL");
    assertThat(api.get("/v1/observations?acc_below=ten").status()).isEqualTo(422);
  }

  @Test
  void presenceFilters() throws Exception {
    narrowsAsSql("identified=true", "o.taxon_id IS NOT NULL");
    narrowsAsSql("identified=false", "o.taxon_id IS NULL");
    assertThat(api.total("/v1/observations?geo=true")).isEqualTo(
        sql("SELECT count(*) FROM observations WHERE latitude IS NOT NULL AND longitude IS NOT NULL"));
    assertThat(api.total("/v1/observations?geo=false")).isEqualTo(
        sql("SELECT count(*) FROM observations WHERE latitude IS NULL OR longitude IS NULL"));
    assertThat(api.total("/v1/observations?photo_licensed=true")).isEqualTo(sql("SELECT count(DISTINCT o.id) FROM"
        + " observations o JOIN photos p ON p.observation_uuid = o.uuid WHERE p.license IS NOT NULL AND p.license <> ''"));
    assertThat(api.total("/v1/observations?taxon_is_active=true")).isEqualTo(
        sql("SELECT count(*) FROM observations o JOIN taxa t ON t.id = o.taxon_id WHERE t.active = 1"));
    assertThat(api.total("/v1/observations?taxon_is_active=false")).isEqualTo(
        sql("SELECT count(*) FROM observations o JOIN taxa t ON t.id = o.taxon_id WHERE t.active = 0"));
  }

  @Test
  void projectAndObserverDerivedFilters() throws Exception {
    long user = sql("SELECT observer_id FROM observations GROUP BY observer_id ORDER BY count(*) DESC, observer_id"
        + " LIMIT 1");
    narrowsAsSql("unobserved_by_user_id=" + user, "o.taxon_id IS NULL OR o.taxon_id NOT IN (SELECT taxon_id FROM"
        + " observations WHERE observer_id = " + user + " AND taxon_id IS NOT NULL)");
    long project = sql("SELECT project_id FROM observations_projects ORDER BY project_id LIMIT 1");
    if (project >= 0) {
      narrowsAsSql("not_in_project=" + project, "o.uuid NOT IN (SELECT observation_uuid FROM observations_projects"
          + " WHERE project_id = " + project + ")");
    }
  }

  @Test
  void placeIdIsRefusedWithTheAlternative() throws Exception {
    ApiServer.Reply r = api.get("/v1/observations?place_id=6803");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("status").asInt()).isEqualTo(422);
    assertThat(r.body().get("error").asText()).startsWith("place_id ").contains("swlat").contains("radius");
    // the same on the sub-endpoints, and the web-style "any" / empty values count as absent
    assertThat(api.get("/v1/observations/species_counts?place_id=6803").status()).isEqualTo(422);
    assertThat(api.get("/v1/observations/histogram?captive=true").status()).isEqualTo(422);
    assertThat(api.total("/v1/observations?captive=any&place_id=")).isEqualTo(all);
    JsonNode license = api.get("/v1/observations?license=cc-by").body();
    assertThat(license.get("error").asText()).startsWith("license ").contains("photo_license");
  }

  @Test
  void taxaParametersTheSpecDocuments() throws Exception {
    // /v1/taxa only_id: ids only, the same total as SQL's
    JsonNode ids = api.ok("/v1/taxa?rank=species&only_id=true&per_page=200");
    assertThat(ids.get("total_results").asLong()).isEqualTo(sql("SELECT count(*) FROM taxa WHERE rank = 'species'"))
        .isPositive();
    assertThat(ids.get("results")).allSatisfy(r -> assertThat(r.size()).isEqualTo(1));
    // autocomplete within a subtree and at a rank level
    JsonNode plants = api.ok("/v1/taxa/autocomplete?q=a&taxon_id=47126&per_page=30");
    assertThat(plants.get("results")).isNotEmpty().allSatisfy(t -> assertThat(t.get("ancestor_ids").toString())
        .contains("47126"));
    JsonNode classes = api.ok("/v1/taxa/autocomplete?q=a&rank_level=50&per_page=30");
    assertThat(classes.get("results")).isNotEmpty().allSatisfy(t -> assertThat(t.get("rank_level").asDouble())
        .isEqualTo(50));
    // details of two taxa, keeping the one of rank level 50 (Aves, a class)
    JsonNode details = api.ok("/v1/taxa/47126,3?rank_level=50");
    assertThat(details.get("results")).singleElement().satisfies(t -> assertThat(t.get("id").asInt()).isEqualTo(3));
  }

  @Test
  void searchOnOtherThanNamesIsRefused() throws Exception {
    assertThat(api.get("/v1/observations?q=x&search_on=description").status()).isEqualTo(422);
    assertThat(api.ok("/v1/observations?q=Plantae&search_on=names").get("total_results").asLong())
        .isEqualTo(api.total("/v1/observations?q=Plantae"));
  }

  /**
   * Walks iNaturalist's own spec (../shared, not the node's OpenAPI): every documented query parameter of every
   * served endpoint, sent with a plausible value, is refused with a 422 naming it when the table says refused, changes
   * nothing when it says no effect, and is never answered "not supported" when it says applied.
   */
  @Test
  void everyDocumentedParameterDoesWhatTheTableSays() throws Exception {
    Map<String, List<JsonNode>> official = ApiParametersTest.officialQueryParameters();
    List<String> wrong = new ArrayList<>();
    int refused = 0;
    int sent = 0;
    for (Map.Entry<String, List<JsonNode>> e : official.entrySet()) {
      OpenApi.Endpoint endpoint = OpenApi.ENDPOINTS.stream().filter(x -> x.specPath().equals(e.getKey())).findFirst()
          .orElseThrow();
      String base = endpoint.pathParam() == null ? endpoint.path()
          : endpoint.path().replace("{" + endpoint.pathParam() + "}", "47126");
      String required = e.getKey().equals("/taxa/autocomplete") ? "q=plant&" : "";
      Map<String, ApiParameters.Parameter> table = new java.util.HashMap<>();
      ApiParameters.of(e.getKey()).forEach(p -> table.put(p.name(), p));
      JsonNode unfiltered = api.get(base + "?" + required).body();
      for (JsonNode param : e.getValue()) {
        String name = param.get("name").asText();
        ApiParameters.Parameter row = table.get(name);
        assertThat(row).as("%s %s in the table", e.getKey(), name).isNotNull();
        String url = base + "?" + required + name + "=" + java.net.URLEncoder.encode(plausible(param),
            java.nio.charset.StandardCharsets.UTF_8);
        ApiServer.Reply r = api.get(url);
        sent++;
        String error = r.body().path("error").asText("");
        switch (row.treatment()) {
          case REFUSED -> {
            refused++;
            if (r.status() != 422 || !error.startsWith(name + " is not supported")) {
              wrong.add(url + " -> " + r.status() + " " + error);
            }
          }
          case NO_EFFECT -> {
            if (r.status() != 200 || !r.body().path("total_results").equals(unfiltered.path("total_results"))) {
              wrong.add(url + " -> " + r.status() + " " + r.body().path("total_results"));
            }
          }
          case APPLIED -> {
            if (error.contains("not supported")) {
              wrong.add(url + " -> " + r.status() + " " + error);
            }
          }
        }
      }
    }
    assertThat(sent).isGreaterThan(500);
    assertThat(refused).isGreaterThan(200);
    assertThat(wrong).isEmpty();
  }

  /** A value of the parameter's documented type: its first enum value, true, 1, or a date for the date ones. */
  private static String plausible(JsonNode param) {
    JsonNode items = param.path("items");
    JsonNode e = param.has("enum") ? param.get("enum") : items.get("enum");
    if (e != null && e.size() > 0) {
      return e.get(0).asText();
    }
    String type = param.path("type").asText();
    if (type.equals("array")) {
      type = items.path("type").asText();
    }
    String name = param.get("name").asText();
    if (name.endsWith("d1") || name.endsWith("d2") || name.endsWith("_on") || name.endsWith("_since")) {
      return "2020-06-01";
    }
    return switch (type) {
      case "boolean" -> "true";
      case "number", "integer" -> "1";
      default -> name.equals("q") || name.contains("name") || name.contains("login") ? "plant" : "1";
    };
  }
}
