package org.refugium.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refugium.Version;

/**
 * /v1/openapi.json (also /v1/swagger.json): what the mirror serves, as OpenAPI 3.0. The endpoint list
 * is kept here, in one place; a test checks it against the resources Jersey actually registers, and the
 * parameter lists come from the parsers' own constants, so the description cannot drift from the code.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class OpenApi {

  /** One served endpoint: path as JAX-RS templates it, summary, query parameters, path parameter if any. */
  public record Endpoint(String path, String summary, List<String> query, String pathParam) {

    /** The path as iNaturalist's swagger writes it ({@code /observations/{id}}), the key of {@link ApiParameters}. */
    public String specPath() {
      String p = path.startsWith("/v1/") ? path.substring(3) : path;
      return pathParam == null ? p : p.replace("{" + pathParam + "}", "{id}");
    }
  }

  private static final List<String> SUB = ObservationParams.NAMES;

  public static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint("/v1/observations", "Search observations", ObservationParams.NAMES, null),
      new Endpoint("/v1/observations/{ids}", "Observations by integer id or uuid (comma list)", List.of("locale"), "ids"),
      new Endpoint("/v1/observations/species_counts", "Leaf taxa of the matching observations, with counts",
          concat(SUB, List.of("include_ancestors")), null),
      new Endpoint("/v1/observations/observers", "Observers of the matching observations, with counts",
          SUB, null),
      new Endpoint("/v1/observations/histogram", "Matching observations per time interval",
          concat(ObservationParams.NAMES, List.of("interval", "date_field")), null),
      new Endpoint("/v1/observations/popular_field_values", "Annotation values (always empty: not in the exports)",
          ObservationParams.NAMES, null),
      new Endpoint("/v1/taxa", "Search taxa", TaxonService.SEARCH_PARAMS, null),
      new Endpoint("/v1/taxa/autocomplete", "Taxon name autocomplete", TaxonService.AUTOCOMPLETE_PARAMS, null),
      new Endpoint("/v1/taxa/{ids}", "Taxa by id (comma list), with ancestors and children",
          List.of("all_names", "locale", "rank_level"), "ids"),
      new Endpoint("/v1/users/{id}", "An observer by id or login", List.of(), "id"),
      new Endpoint("/v1/controlled_terms", "Annotation terms (always empty: not in the exports)", List.of(), null),
      new Endpoint("/v1/controlled_terms/for_taxon", "Annotation terms for a taxon (always empty)", List.of(), null),
      new Endpoint("/v1/controlled_terms/for_taxon/{taxon_id}", "Annotation terms for a taxon (always empty)",
          List.of(), "taxon_id"),
      new Endpoint("/v1/computervision/models", "Installed recognition model bundles (score_image is POST; see"
          + " docs/recognition.md)", List.of(), null),
      new Endpoint("/v1/openapi.json", "This description", List.of(), null),
      new Endpoint("/v1/swagger.json", "This description", List.of(), null));

  @GET
  @Path("openapi.json")
  public Map<String, Object> openApi() {
    return document();
  }

  @GET
  @Path("swagger.json")
  public Map<String, Object> swagger() {
    return document();
  }

  public static Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put("info", Map.of("title", "Refugium: iNaturalist API v1-compatible read API", "version", Version.current(),
        "description", "Read-only endpoints over an offline snapshot of iNaturalist's public exports. See docs/api.md."));
    doc.put("servers", List.of(Map.of("url", "/")));
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Endpoint e : ENDPOINTS) {
      List<Object> params = new ArrayList<>();
      if (e.pathParam() != null) {
        params.add(Map.of("name", e.pathParam(), "in", "path", "required", true, "schema", Map.of("type", "string")));
      }
      // what the node applies, then every other parameter iNaturalist documents there, with what the node does
      Map<String, ApiParameters.Parameter> documented = new LinkedHashMap<>();
      ApiParameters.of(e.specPath()).forEach(d -> documented.putIfAbsent(d.name(), d));
      for (String q : e.query()) {
        ApiParameters.Parameter d = documented.remove(q);
        params.add(query(q, d == null ? "applied (not in iNaturalist's spec)" : "applied: " + d.note(), "applied"));
      }
      for (ApiParameters.Parameter d : documented.values()) {
        String treatment = d.treatment().name().toLowerCase(java.util.Locale.ROOT);
        params.add(query(d.name(), treatment.replace('_', ' ') + ": " + d.note()
            + (d.treatment() == ApiParameters.Treatment.REFUSED ? " (422 when given)" : ""), treatment));
      }
      Map<String, Object> get = new LinkedHashMap<>();
      get.put("summary", e.summary());
      get.put("parameters", params);
      get.put("responses", Map.of(
          "200", Map.of("description", "{total_results, page, per_page, results}"),
          "422", Map.of("description", "invalid parameter: {error, status}")));
      paths.put(e.path(), Map.of("get", get));
    }
    doc.put("paths", paths);
    return doc;
  }


  private static Map<String, Object> query(String name, String description, String treatment) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("in", "query");
    p.put("required", false);
    p.put("schema", Map.of("type", "string"));
    p.put("description", description);
    p.put("x-refugium-treatment", treatment);
    return p;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
