package org.refugium.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every query parameter (path parameters are the route's) iNaturalist's API v1 documents for the endpoints this node serves, and what the node does
 * with it: one table that drives the 422 for refused parameters ({@link #refuseUnsupported}), docs/api.md's table
 * ({@link #markdown}, a test keeps the two equal) and /v1/openapi.json. A researcher's script must never get
 * unfiltered results that look filtered: a filter the snapshot cannot answer is refused, naming the parameter, why,
 * and the alternative where there is one. Parameters iNaturalist itself does not document stay ignored, as it does.
 * A test walks the official spec in ../shared so that a parameter it documents cannot be missing here.
 */
public final class ApiParameters {

  /** What the node does with a documented parameter. */
  public enum Treatment {
    /** Applied as iNaturalist applies it (see the note for any difference). */
    APPLIED,
    /** Answered 422 when given a value: the exports do not carry what it filters on. */
    REFUSED,
    /** Accepted and without effect on which results come back (presentation or caching hints). */
    NO_EFFECT
  }

  public record Parameter(String name, Treatment treatment, String note) {}

  private static final String NOT_EXPORTED = " are not in iNaturalist's exports";

  /** The filters of /v1/observations, shared by its sub-endpoints (species_counts, observers, histogram ...). */
  static final List<Parameter> OBSERVATION_FILTERS = List.of(
      applied("acc", "positional accuracy present (true) or absent (false)"),
      refused("captive", "captive/cultivated flags" + NOT_EXPORTED),
      refused("endemic", "establishment means per place" + NOT_EXPORTED),
      applied("geo", "has coordinates (true) or none (false)"),
      refused("id_please", "ID-please flags" + NOT_EXPORTED),
      applied("identified", "has a taxon (true) or none (false), as iNaturalist's `taxon.id` exists"),
      refused("introduced", "establishment means per place" + NOT_EXPORTED),
      refused("mappable", "map visibility flags" + NOT_EXPORTED + "; use geo=true for observations with coordinates"),
      refused("native", "establishment means per place" + NOT_EXPORTED),
      refused("out_of_range", "taxon ranges" + NOT_EXPORTED),
      refused("pcid", "project curator identifications" + NOT_EXPORTED),
      applied("photos", "at least one photo (true) or none (false)"),
      refused("popular", "faves" + NOT_EXPORTED),
      refused("sounds", "sounds" + NOT_EXPORTED),
      applied("taxon_is_active", "the observation's taxon is active (true) or inactive (false) in taxa.csv"),
      refused("threatened", "conservation statuses" + NOT_EXPORTED),
      applied("verifiable", "research or needs_id (true), casual (false); with quality_grade both must hold"),
      refused("licensed", "observation licenses" + NOT_EXPORTED + "; photo_licensed and photo_license filter by"
          + " the photos' licenses"),
      applied("photo_licensed", "at least one photo with a license (true) or none (false)"),
      refused("expected_nearby", "iNaturalist's geo model scores" + NOT_EXPORTED),
      applied("id", "observation ids of this snapshot (see docs/ids.md)"),
      applied("not_id", "leaves out these observation ids (see docs/ids.md)"),
      refused("license", "observation licenses" + NOT_EXPORTED + "; use photo_license for the photos' licenses"),
      refused("ofv_datatype", "observation fields" + NOT_EXPORTED),
      applied("photo_license", "at least one photo under one of these licenses, any case"),
      refused("place_id", "this node knows no iNaturalist places (their boundaries" + NOT_EXPORTED
          + "); use a box (swlat, swlng, nelat, nelng) or a circle (lat, lng, radius)"),
      applied("project_id", "project ids (slugs: 422)"),
      applied("rank", "rank of the observation's own taxon"),
      refused("site_id", "network site affiliations" + NOT_EXPORTED),
      refused("sound_license", "sounds" + NOT_EXPORTED),
      applied("taxon_id", "these taxa and their descendants"),
      applied("without_taxon_id", "not these taxa nor their descendants"),
      applied("taxon_name", "the observation's own taxon is an active taxon with a scientific or common name holding"
          + " every word given (any case), as iNaturalist's names match; descendants are not included"),
      applied("user_id", "user ids or logins"),
      applied("user_login", "logins"),
      refused("ident_user_id", "identifications" + NOT_EXPORTED),
      refused("hour", "times of day" + NOT_EXPORTED + " (observation days are)"),
      applied("day", "day of the month observed"),
      applied("month", "month observed"),
      applied("year", "year observed"),
      refused("created_day", "creation times are not imported (issue #13)"),
      refused("created_month", "creation times are not imported (issue #13)"),
      refused("created_year", "creation times are not imported (issue #13)"),
      refused("term_id", "annotations" + NOT_EXPORTED),
      refused("term_value_id", "annotations" + NOT_EXPORTED),
      refused("without_term_id", "annotations" + NOT_EXPORTED),
      refused("without_term_value_id", "annotations" + NOT_EXPORTED),
      refused("term_id_or_unknown", "annotations" + NOT_EXPORTED),
      refused("annotation_user_id", "annotations" + NOT_EXPORTED),
      applied("acc_above", "positional accuracy above this many metres (unknown accuracy does not match)"),
      applied("acc_below", "positional accuracy below this many metres (unknown accuracy does not match)"),
      applied("acc_below_or_unknown", "positional accuracy below this many metres, or unknown"),
      applied("d1", "observed on or after this day"),
      applied("d2", "observed on or before this day"),
      refused("created_d1", "creation times are not imported (issue #13)"),
      refused("created_d2", "creation times are not imported (issue #13)"),
      refused("created_on", "creation times are not imported (issue #13)"),
      applied("observed_on", "observed on this day"),
      applied("unobserved_by_user_id", "not of a taxon this user observed (in this snapshot)"),
      refused("apply_project_rules_for", "project rules" + NOT_EXPORTED + "; use project_id for membership"),
      refused("cs", "conservation statuses" + NOT_EXPORTED),
      refused("csa", "conservation statuses" + NOT_EXPORTED),
      refused("csi", "conservation statuses" + NOT_EXPORTED),
      refused("geoprivacy", "geoprivacy settings" + NOT_EXPORTED),
      refused("taxon_geoprivacy", "geoprivacy settings" + NOT_EXPORTED),
      refused("obscuration", "geoprivacy settings" + NOT_EXPORTED),
      applied("hrank", "rank of the observation's own taxon, this or lower"),
      applied("lrank", "rank of the observation's own taxon, this or higher"),
      applied("iconic_taxa", "the observation's taxon's iconic taxon (nearest iconic ancestor), by name;"
          + " `unknown`: none (no taxon, or outside every iconic taxon)"),
      applied("id_above", "observation id above this"),
      applied("id_below", "observation id below this"),
      refused("identifications", "identifications" + NOT_EXPORTED),
      applied("lat", "circle centre, with lng and radius"),
      applied("lng", "circle centre, with lat and radius"),
      applied("radius", "circle radius in km (default 10)"),
      applied("nelat", "box, with swlat, swlng, nelng"),
      applied("nelng", "box, with swlat, swlng, nelat"),
      applied("swlat", "box, with swlng, nelat, nelng"),
      applied("swlng", "box, with swlat, nelat, nelng"),
      refused("list_id", "lists" + NOT_EXPORTED),
      applied("not_in_project", "not in this project (id; slugs: 422)"),
      refused("not_matching_project_rules_for", "project rules" + NOT_EXPORTED),
      refused("observation_accuracy_experiment_id", "accuracy experiments" + NOT_EXPORTED),
      refused("fails_dqa_accurate", "data-quality votes" + NOT_EXPORTED),
      refused("fails_dqa_date", "data-quality votes" + NOT_EXPORTED),
      refused("fails_dqa_evidence", "data-quality votes" + NOT_EXPORTED),
      refused("fails_dqa_location", "data-quality votes" + NOT_EXPORTED),
      refused("fails_dqa_needs_id", "data-quality votes" + NOT_EXPORTED),
      refused("fails_dqa_recent", "data-quality votes" + NOT_EXPORTED),
      refused("fails_dqa_subject", "data-quality votes" + NOT_EXPORTED),
      refused("fails_dqa_wild", "data-quality votes" + NOT_EXPORTED),
      applied("q", "taxon names (scientific and common, any language); tags, descriptions and places"
          + NOT_EXPORTED),
      applied("search_on", "`names` only; `tags`, `description`, `place`: 422 (not in the exports)"),
      applied("quality_grade", "research, needs_id, casual"),
      refused("updated_since", "update times" + NOT_EXPORTED),
      refused("viewer_id", "reviews" + NOT_EXPORTED),
      refused("reviewed", "reviews" + NOT_EXPORTED),
      applied("locale", "language of common names"),
      noEffect("preferred_place_id", "regional common names" + NOT_EXPORTED + "; names follow locale"),
      noEffect("ttl", "a caching hint; results are the same"));

  private static final List<Parameter> PAGING = List.of(
      applied("page", "any page, no 10,000-result window"),
      applied("per_page", "0–200 (0: counts only)"));

  private static final List<Parameter> OBSERVATION_ORDER = List.of(
      applied("order", "asc / desc"),
      applied("order_by", "id, observed_on, random; created_at, updated_at, votes, species_guess order by id"
          + " (not in the exports); geo_score: 422"),
      applied("only_id", "results [{id}]"));

  /** Spec path (as iNaturalist's swagger writes it) → its parameters, in the spec's order. */
  static final Map<String, List<Parameter>> ENDPOINTS = endpoints();

  private static Map<String, List<Parameter>> endpoints() {
    Map<String, List<Parameter>> m = new LinkedHashMap<>();
    m.put("/observations", concat(OBSERVATION_FILTERS, PAGING, OBSERVATION_ORDER));
    m.put("/observations/species_counts", concat(OBSERVATION_FILTERS,
        List.of(applied("include_ancestors", "every ancestor too, counted over its subtree"),
            applied("page", "pages of counts"), applied("per_page", "up to 500")), List.of()));
    m.put("/observations/observers", concat(OBSERVATION_FILTERS, List.of(), List.of()));
    m.put("/observations/histogram", concat(OBSERVATION_FILTERS,
        List.of(applied("date_field", "`observed`; `created`: the UTC day of `created_at`, counted where a web export gave it"),
            applied("interval", "month_of_year, week_of_year, year, month, week, day, hour (hour: no buckets)")),
        List.of()));
    m.put("/observations/popular_field_values", concat(OBSERVATION_FILTERS, List.of(), List.of()));
    m.put("/observations/{id}", List.of()); // the id is in the path
    m.put("/taxa", List.of(
        applied("q", "names, any language"),
        applied("is_active", "active / inactive taxa"),
        applied("id", "taxon ids"),
        applied("parent_id", "children of these taxa"),
        applied("rank", "rank names"),
        applied("rank_level", "rank level"),
        applied("id_above", "taxon id above this"),
        applied("id_below", "taxon id below this"),
        applied("per_page", "0–200"),
        applied("locale", "language of common names"),
        noEffect("preferred_place_id", "regional common names" + NOT_EXPORTED + "; names follow locale"),
        applied("only_id", "results [{id}]"),
        applied("all_names", "every name of each taxon"),
        applied("order", "asc / desc"),
        applied("order_by", "observations_count, name, id, rank_level; created_at, updated_at order by id")));
    m.put("/taxa/autocomplete", List.of(
        applied("q", "names, any language, prefixes of any word"),
        applied("is_active", "default true"),
        applied("taxon_id", "these taxa and their descendants"),
        applied("rank", "rank names"),
        applied("rank_level", "rank level"),
        applied("per_page", "0–200"),
        applied("locale", "language of common names"),
        noEffect("preferred_place_id", "regional common names" + NOT_EXPORTED + "; names follow locale"),
        applied("all_names", "every name of each taxon")));
    m.put("/taxa/{id}", List.of(applied("rank_level", "only the given taxa of this rank level")));
    m.put("/users/{id}", List.of());
    m.put("/controlled_terms", List.of());
    m.put("/controlled_terms/for_taxon", List.of(
        noEffect("taxon_id", "annotations" + NOT_EXPORTED + ": the answer is always empty")));
    return m;
  }

  private ApiParameters() {}

  /**
   * The 422 for the first documented parameter of {@code specPath} that the node refuses and the request gives a
   * value (an empty value or {@code any} counts as absent, as for every parameter).
   */
  public static void refuseUnsupported(String specPath, QueryParams p) {
    List<Parameter> params = ENDPOINTS.get(specPath);
    if (params == null) {
      throw new IllegalArgumentException("no parameter table for " + specPath);
    }
    for (Parameter param : params) {
      if (param.treatment() != Treatment.REFUSED) {
        continue;
      }
      String v = p.string(param.name());
      if (v != null && !v.toLowerCase(Locale.ROOT).equals("any")) {
        throw ApiException.invalid(param.name() + " is not supported by this node: " + param.note());
      }
    }
  }

  /** The parameters of one spec path, or an empty list when the node has no table for it. */
  public static List<Parameter> of(String specPath) {
    return ENDPOINTS.getOrDefault(specPath, List.of());
  }

  /** Names of the parameters of {@code specPath} that the node applies (for the OpenAPI lists and the parsers). */
  public static List<String> applied(String specPath) {
    return of(specPath).stream().filter(p -> p.treatment() == Treatment.APPLIED).map(Parameter::name).toList();
  }

  /**
   * The table docs/api.md carries between its markers: one row per parameter, the endpoints that share the
   * observation filters listed once.
   */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| endpoint | parameter | treatment | note |\n|---|---|---|---|\n");
    for (Map.Entry<String, List<Parameter>> e : ENDPOINTS.entrySet()) {
      for (Parameter p : e.getValue()) {
        boolean sharedFilter = !e.getKey().equals("/observations") && e.getKey().startsWith("/observations/")
            && !e.getKey().equals("/observations/{id}") && OBSERVATION_FILTERS.contains(p);
        if (sharedFilter) {
          continue; // listed once, under /observations
        }
        out.append("| `").append(e.getKey()).append("` | `").append(p.name()).append("` | ")
            .append(p.treatment().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" | ")
            .append(p.note().replace("|", "\\|")).append(" |\n");
      }
    }
    return out.toString();
  }

  private static Parameter applied(String name, String note) {
    return new Parameter(name, Treatment.APPLIED, note);
  }

  private static Parameter refused(String name, String reason) {
    return new Parameter(name, Treatment.REFUSED, reason);
  }

  private static Parameter noEffect(String name, String why) {
    return new Parameter(name, Treatment.NO_EFFECT, why);
  }

  @SafeVarargs
  private static List<Parameter> concat(List<Parameter>... lists) {
    List<Parameter> out = new ArrayList<>();
    for (List<Parameter> l : lists) {
      out.addAll(l);
    }
    return List.copyOf(out);
  }
}
