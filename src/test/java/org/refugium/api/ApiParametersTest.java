package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.refugium.testing.SharedData;

/**
 * The parameter table against iNaturalist's official API v1 spec (../shared/data/inat-api-v1, not the node's own
 * OpenAPI): every query parameter the spec documents for an endpoint the node serves has a row saying what the node
 * does with it, so a parameter added to the spec cannot fall through to "silently ignored"; docs/api.md and
 * /v1/openapi.json say the same as the table.
 */
class ApiParametersTest {

  static final Path SPEC = Path.of("inat-api-v1", "inaturalist-api-v1-swagger.json");

  /** Spec path → its query parameters (references resolved), for the GET endpoints the node serves. */
  static Map<String, List<JsonNode>> officialQueryParameters() throws Exception {
    JsonNode spec = ApiServer.JSON.readTree(SharedData.data(SPEC.toString()).toFile());
    Set<String> served = new LinkedHashSet<>();
    OpenApi.ENDPOINTS.forEach(e -> served.add(e.specPath()));
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      JsonNode get = path.getValue().get("get");
      if (get == null || !served.contains(path.getKey())) {
        continue;
      }
      List<JsonNode> params = new ArrayList<>();
      for (JsonNode p : get.path("parameters")) {
        JsonNode resolved = p.has("$ref")
            ? spec.get("parameters").get(p.get("$ref").asText().substring("#/parameters/".length())) : p;
        if ("query".equals(resolved.get("in").asText())) {
          params.add(resolved);
        }
      }
      out.put(path.getKey(), params);
    }
    return out;
  }

  @Test
  void everyDocumentedParameterOfEveryServedEndpointHasARow() throws Exception {
    Map<String, List<JsonNode>> official = officialQueryParameters();
    // the endpoints both sides know: observations and its sub-endpoints, taxa, users, controlled terms
    assertThat(official.keySet()).contains("/observations", "/observations/species_counts", "/observations/observers",
        "/observations/histogram", "/taxa", "/taxa/autocomplete", "/taxa/{id}", "/users/{id}");
    assertThat(official.get("/observations")).hasSizeGreaterThan(100);
    List<String> missing = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    int rows = 0;
    for (Map.Entry<String, List<JsonNode>> e : official.entrySet()) {
      assertThat(ApiParameters.ENDPOINTS).as("a table for %s", e.getKey()).containsKey(e.getKey());
      Set<String> documented = new LinkedHashSet<>();
      e.getValue().forEach(p -> documented.add(p.get("name").asText()));
      Set<String> tabled = new LinkedHashSet<>();
      ApiParameters.of(e.getKey()).forEach(p -> tabled.add(p.name()));
      for (String name : documented) {
        if (!tabled.contains(name)) {
          missing.add(e.getKey() + " " + name);
        }
      }
      for (String name : tabled) {
        if (!documented.contains(name)) {
          stale.add(e.getKey() + " " + name);
        }
      }
      rows += tabled.size();
    }
    assertThat(rows).isGreaterThan(500);
    assertThat(missing).as("documented by iNaturalist, missing from ApiParameters").isEmpty();
    assertThat(stale).as("in ApiParameters, not documented by iNaturalist").isEmpty();
  }

  @Test
  void everyRefusalSaysWhy() {
    List<ApiParameters.Parameter> all = new ArrayList<>();
    ApiParameters.ENDPOINTS.values().forEach(all::addAll);
    assertThat(all).hasSizeGreaterThan(500);
    assertThat(all).filteredOn(p -> p.treatment() != ApiParameters.Treatment.APPLIED).hasSizeGreaterThan(100)
        .allSatisfy(p -> assertThat(p.note()).as(p.name()).hasSizeGreaterThan(20));
    // the examples: the exports carry none of these
    for (String refused : List.of("captive", "sounds", "term_id", "native", "introduced", "endemic", "threatened",
        "place_id")) {
      assertThat(ApiParameters.of("/observations")).filteredOn(p -> p.name().equals(refused)).singleElement()
          .extracting(ApiParameters.Parameter::treatment).isEqualTo(ApiParameters.Treatment.REFUSED);
    }
    for (String applied : List.of("iconic_taxa", "taxon_name", "acc_above", "acc_below", "acc_below_or_unknown", "geo",
        "identified")) {
      assertThat(ApiParameters.applied("/observations")).contains(applied);
    }
  }

  @Test
  void docsTableIsTheCodesTable() throws Exception {
    String doc = Files.readString(Path.of("docs", "api.md"));
    String begin = "<!-- parameters:begin (generated from ApiParameters.markdown(); ApiParametersTest checks it) -->\n";
    String end = "<!-- parameters:end -->";
    assertThat(doc).contains(begin).contains(end);
    String table = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end));
    assertThat(table).as("docs/api.md's parameter table; replace it with:%n%s", ApiParameters.markdown())
        .isEqualTo(ApiParameters.markdown());
  }

  @Test
  void openApiCarriesEachTreatment() {
    JsonNode doc = ApiServer.JSON.valueToTree(OpenApi.document());
    int checked = 0;
    for (OpenApi.Endpoint e : OpenApi.ENDPOINTS) {
      Map<String, String> treatments = new LinkedHashMap<>();
      for (JsonNode p : doc.get("paths").get(e.path()).get("get").get("parameters")) {
        if ("query".equals(p.get("in").asText())) {
          treatments.put(p.get("name").asText(), p.get("x-refugium-treatment").asText());
        }
      }
      for (ApiParameters.Parameter p : ApiParameters.of(e.specPath())) {
        assertThat(treatments).as("%s %s", e.path(), p.name())
            .containsEntry(p.name(), p.treatment().name().toLowerCase(java.util.Locale.ROOT));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(500);
  }
}
