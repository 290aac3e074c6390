package org.refugium.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationSort;
import org.refugium.api.data.Ranks;

/**
 * The query string of /v1/observations (and its sub-endpoints), validated. Parsing is pure: names that
 * need the data (user logins, q) stay as given and the service resolves them.
 */
public record ObservationParams(
    ObservationFilter filter,
    List<String> userLogins,
    String q,
    int page,
    int perPage,
    ObservationSort sort,
    boolean onlyId,
    boolean returnBounds,
    String locale,
    String taxonName,
    Integer unobservedByUserId) {

  public static final int MAX_PER_PAGE = 200;
  public static final int DEFAULT_PER_PAGE = 30;
  /** iNaturalist's default radius when lat/lng come without one. */
  static final double DEFAULT_RADIUS_KM = 10;

  static final Set<String> QUALITY_GRADES = Set.of("research", "needs_id", "casual");
  static final Set<String> LICENSES = Set.of("cc0", "cc-by", "cc-by-nc", "cc-by-sa", "cc-by-nd", "cc-by-nc-sa",
      "cc-by-nc-nd", "pd");
  static final Set<String> ORDER_BY = Set.of("observed_on", "id", "created_at", "random", "votes", "species_guess",
      "updated_at");
  static final Set<String> ORDER = Set.of("asc", "desc");

  /** The parameters this parser reads, for the OpenAPI description (kept beside the parser on purpose). */
  /** Applied although iNaturalist's swagger does not list them (its API takes them). */
  static final List<String> UNDOCUMENTED = List.of("exact_taxon_id", "return_bounds");

  /**
   * The parameters this parser reads, for the OpenAPI description (kept beside the parser on purpose): those the
   * official spec documents and {@link ApiParameters} marks applied, and the node's own additions after them.
   */
  public static final List<String> NAMES = names();

  static final Set<String> SEARCH_ON = Set.of("names");

  private static List<String> names() {
    List<String> out = new ArrayList<>(ApiParameters.applied("/observations"));
    out.addAll(UNDOCUMENTED);
    return List.copyOf(out);
  }

  public static ObservationParams parse(QueryParams p) {
    return parse(p, MAX_PER_PAGE, DEFAULT_PER_PAGE);
  }

  public static ObservationParams parse(QueryParams p, int maxPerPage, int defaultPerPage) {
    ApiParameters.refuseUnsupported("/observations", p);
    p.choice("search_on", SEARCH_ON, "names"); // tags, descriptions and places are not in the exports: 422
    List<Integer> userIds = new ArrayList<>();
    List<String> logins = new ArrayList<>(p.list("user_login"));
    for (String u : p.list("user_id")) { // iNaturalist takes logins in user_id too
      if (u.chars().allMatch(Character::isDigit) && u.length() < 10) {
        userIds.add(Integer.parseInt(u));
      } else {
        logins.add(u);
      }
    }
    ObservationFilter filter = new ObservationFilter(
        nullIfEmpty(p.intList("taxon_id")),
        nullIfEmpty(p.intList("exact_taxon_id")),
        nullIfEmpty(p.intList("without_taxon_id")),
        null,
        nullIfEmpty(p.choices("rank", Ranks.names())),
        rankLevel(p, "hrank"),
        rankLevel(p, "lrank"),
        nullIfEmpty(userIds),
        box(p),
        circle(p),
        p.date("d1"),
        p.date("d2"),
        p.date("observed_on"),
        nullIfEmpty(p.intList("year")),
        nullIfEmpty(ranged(p, "month", 1, 12)),
        nullIfEmpty(ranged(p, "day", 1, 31)),
        qualityGrades(p),
        p.bool("photos"),
        licenses(p),
        nullIfEmpty(p.intList("project_id")),
        nullIfEmpty(p.longList("id")),
        p.longValue("id_above"),
        p.longValue("id_below"),
        iconicTaxa(p),
        null,
        attributes(p));
    return new ObservationParams(filter, logins, p.string("q"),
        p.integer("page", 1, 1, Integer.MAX_VALUE),
        p.integer("per_page", defaultPerPage, 0, maxPerPage),
        sort(p),
        Boolean.TRUE.equals(p.bool("only_id")),
        Boolean.TRUE.equals(p.bool("return_bounds")),
        p.string("locale"),
        p.string("taxon_name"),
        p.integer("unobserved_by_user_id"));
  }

  /** iconic_taxa in any case, as their canonical names; null when absent. */
  private static List<String> iconicTaxa(QueryParams p) {
    List<String> out = new ArrayList<>();
    for (String v : p.choices("iconic_taxa", org.refugium.api.data.IconicTaxa.lowerCaseNames())) {
      out.add(org.refugium.api.data.IconicTaxa.canonical(v));
    }
    return nullIfEmpty(out);
  }

  /**
   * acc, geo, identified, taxon_is_active, photo_licensed, acc_above / acc_below / acc_below_or_unknown (metres, as
   * iNaturalist compares them: strictly above / below; the index holds whole metres) and not_in_project.
   */
  private static ObservationFilter.Attributes attributes(QueryParams p) {
    Double above = p.decimal("acc_above", 0, Integer.MAX_VALUE);
    Double below = p.decimal("acc_below", 0, Integer.MAX_VALUE);
    Double belowOrUnknown = p.decimal("acc_below_or_unknown", 0, Integer.MAX_VALUE);
    if (below != null && belowOrUnknown != null) {
      throw ApiException.invalid("acc_below and acc_below_or_unknown cannot be given together");
    }
    Double upper = below != null ? below : belowOrUnknown;
    Integer min = above == null ? null : (int) Math.floor(above) + 1;
    Integer max = upper == null ? null : (int) Math.ceil(upper) - 1;
    return new ObservationFilter.Attributes(p.bool("acc"), p.bool("geo"), p.bool("identified"),
        p.bool("taxon_is_active"), p.bool("photo_licensed"), min, max, belowOrUnknown != null,
        nullIfEmpty(p.intList("not_in_project")), null, nullIfEmpty(p.longList("not_id")));
  }

  /** The first result's position; a long so that page × per_page cannot overflow. */
  public long offset() {
    return (long) (page - 1) * perPage;
  }

  private static <T> List<T> nullIfEmpty(List<T> l) {
    return l.isEmpty() ? null : l;
  }

  private static List<Integer> ranged(QueryParams p, String name, int min, int max) {
    List<Integer> values = p.intList(name);
    for (int v : values) {
      if (v < min || v > max) {
        throw ApiException.invalid(name + " must be between " + min + " and " + max + ", not " + v);
      }
    }
    return values;
  }

  private static Float rankLevel(QueryParams p, String name) {
    String v = p.choice(name, Ranks.names(), null);
    return v == null ? null : Ranks.level(v);
  }

  /** quality_grade and verifiable together: verifiable=true is research or needs_id, false is casual. */
  private static Set<String> qualityGrades(QueryParams p) {
    Set<String> grades = new LinkedHashSet<>(p.choices("quality_grade", QUALITY_GRADES));
    Boolean verifiable = p.bool("verifiable");
    if (verifiable == null) {
      return grades.isEmpty() ? null : grades;
    }
    Set<String> allowed = verifiable ? Set.of("research", "needs_id") : Set.of("casual");
    if (grades.isEmpty()) {
      return new LinkedHashSet<>(allowed);
    }
    grades.retainAll(allowed);
    return grades; // may be empty: no observation can match both
  }

  private static Set<String> licenses(QueryParams p) {
    Set<String> out = new LinkedHashSet<>(p.choices("photo_license", LICENSES));
    return out.isEmpty() ? null : out;
  }

  private static ObservationFilter.BoundingBox box(QueryParams p) {
    Double swlat = p.decimal("swlat", -90, 90);
    Double swlng = p.decimal("swlng", -180, 180);
    Double nelat = p.decimal("nelat", -90, 90);
    Double nelng = p.decimal("nelng", -180, 180);
    int given = (swlat != null ? 1 : 0) + (swlng != null ? 1 : 0) + (nelat != null ? 1 : 0) + (nelng != null ? 1 : 0);
    if (given == 0) {
      return null;
    }
    if (given < 4) {
      throw ApiException.invalid("swlat, swlng, nelat and nelng must be given together");
    }
    if (swlat > nelat) {
      throw ApiException.invalid("swlat must not be north of nelat");
    }
    return new ObservationFilter.BoundingBox(swlat, swlng, nelat, nelng);
  }

  private static ObservationFilter.Circle circle(QueryParams p) {
    Double lat = p.decimal("lat", -90, 90);
    Double lng = p.decimal("lng", -180, 180);
    Double radius = p.decimal("radius", 0, 20_038); // half the earth's circumference
    if (lat == null && lng == null) {
      if (radius != null) {
        throw ApiException.invalid("radius needs lat and lng");
      }
      return null;
    }
    if (lat == null || lng == null) {
      throw ApiException.invalid("lat and lng must be given together");
    }
    return new ObservationFilter.Circle(lat, lng, radius == null ? DEFAULT_RADIUS_KM : radius);
  }

  /**
   * order_by: observed_on, id, random; created_at and updated_at (not in the exports) order by id,
   * which follows upload order in the export; votes and species_guess too (documented).
   */
  private static ObservationSort sort(QueryParams p) {
    String by = p.choice("order_by", ORDER_BY, "id");
    boolean ascending = p.choice("order", ORDER, "desc").equals("asc");
    return switch (by) {
      case "observed_on" -> new ObservationSort(ObservationSort.Field.OBSERVED_ON, ascending, 0);
      case "random" -> new ObservationSort(ObservationSort.Field.RANDOM, ascending, System.nanoTime());
      default -> new ObservationSort(ObservationSort.Field.ID, ascending, 0);
    };
  }
}
