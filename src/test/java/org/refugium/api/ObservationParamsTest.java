package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.MultivaluedHashMap;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationSort;

/**
 * The /v1/observations query string as the parser reads it, without a server: which filter each parameter becomes,
 * the boundaries of every range, and the 422 for each malformed value (issue #17: "empty" and "absent" kept apart).
 * Expected values are written from iNaturalist's documented behaviour, not from the parser. The same filters are
 * checked end to end against SQL in FilterParametersApiTest; this class is what scripts/mutation runs for `api`.
 */
class ObservationParamsTest {

  /** A query string "a=1&b=2&a=3" (no URL decoding: the values here need none). */
  private static QueryParams query(String query) {
    MultivaluedHashMap<String, String> raw = new MultivaluedHashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        int eq = pair.indexOf('=');
        raw.add(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new QueryParams(raw);
  }

  private static ObservationParams parse(String q) {
    return ObservationParams.parse(query(q));
  }

  private static ObservationFilter filter(String q) {
    return parse(q).filter();
  }

  private static void refused(String q, String... messageParts) {
    assertThatThrownBy(() -> parse(q)).isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(422))
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void noParametersMeansNoFilterAndTheDefaults() {
    ObservationParams p = parse("");
    ObservationFilter f = p.filter();
    assertThat(f.taxonIds()).isNull();
    assertThat(f.qualityGrades()).isNull();
    assertThat(f.box()).isNull();
    assertThat(f.circle()).isNull();
    assertThat(f.photos()).isNull();
    assertThat(f.photoLicenses()).isNull();
    assertThat(f.userIds()).isNull();
    assertThat(f.months()).isNull();
    assertThat(f.ranks()).isNull();
    assertThat(f.hrankLevel()).isNull();
    assertThat(f.iconicTaxa()).isNull();
    assertThat(f.attributes().accMin()).isNull();
    assertThat(f.attributes().accMax()).isNull();
    assertThat(f.attributes().accOrUnknown()).isFalse();
    assertThat(p.userLogins()).isEmpty();
    assertThat(p.q()).isNull();
    assertThat(p.page()).isEqualTo(1);
    assertThat(p.perPage()).isEqualTo(30);
    assertThat(p.offset()).isZero();
    assertThat(p.sort()).isEqualTo(new ObservationSort(ObservationSort.Field.ID, false, 0));
    assertThat(p.onlyId()).isFalse();
    assertThat(p.returnBounds()).isFalse();
    assertThat(p.unobservedByUserId()).isNull();
  }

  @Test
  void verifiableAndQualityGradeCombine() {
    assertThat(filter("verifiable=true").qualityGrades()).containsExactlyInAnyOrder("research", "needs_id");
    assertThat(filter("verifiable=false").qualityGrades()).containsExactly("casual");
    // the bug of issue #17: both together match nothing, which is an empty set, never "no filter" (null)
    assertThat(filter("verifiable=true&quality_grade=casual").qualityGrades()).isNotNull().isEmpty();
    assertThat(filter("verifiable=false&quality_grade=research").qualityGrades()).isNotNull().isEmpty();
    assertThat(filter("verifiable=true&quality_grade=research,casual").qualityGrades()).containsExactly("research");
    assertThat(filter("verifiable=false&quality_grade=casual,needs_id").qualityGrades()).containsExactly("casual");
    assertThat(filter("quality_grade=Research&quality_grade=needs_id").qualityGrades())
        .containsExactly("research", "needs_id");
    assertThat(filter("quality_grade=any").qualityGrades()).isNull();
    assertThat(filter("quality_grade=any&verifiable=any").qualityGrades()).isNull();
    assertThat(filter("quality_grade=").qualityGrades()).isNull();
    refused("quality_grade=great", "quality_grade", "great");
    refused("verifiable=maybe", "verifiable", "maybe");
  }

  @Test
  void booleansTakeRailsSpellings() {
    for (String yes : List.of("true", "TRUE", "1", "yes", "t")) {
      assertThat(filter("photos=" + yes).photos()).as(yes).isTrue();
    }
    for (String no : List.of("false", "0", "no", "f", "F")) {
      assertThat(filter("photos=" + no).photos()).as(no).isFalse();
    }
    assertThat(filter("photos=any").photos()).isNull();
    assertThat(filter("geo=true&acc=false&identified=1&taxon_is_active=0&photo_licensed=yes").attributes())
        .satisfies(a -> {
          assertThat(a.geo()).isTrue();
          assertThat(a.acc()).isFalse();
          assertThat(a.identified()).isTrue();
          assertThat(a.taxonIsActive()).isFalse();
          assertThat(a.photoLicensed()).isTrue();
        });
    assertThat(parse("only_id=true&return_bounds=1").onlyId()).isTrue();
    assertThat(parse("only_id=true&return_bounds=1").returnBounds()).isTrue();
    assertThat(parse("only_id=false").onlyId()).isFalse();
    refused("photos=2", "photos");
  }

  @Test
  void listsSplitOnCommasAndRepeatsAndDropEmpties() {
    assertThat(filter("taxon_id=1,2&taxon_id=3").taxonIds()).containsExactly(1, 2, 3);
    assertThat(filter("taxon_id= &taxon_id=4,,5, 6 ").taxonIds()).containsExactly(4, 5, 6);
    assertThat(filter("taxon_id=").taxonIds()).isNull();
    assertThat(filter("taxon_id=,").taxonIds()).isNull();
    assertThat(filter("exact_taxon_id=7&without_taxon_id=8,9").exactTaxonIds()).containsExactly(7);
    assertThat(filter("exact_taxon_id=7&without_taxon_id=8,9").withoutTaxonIds()).containsExactly(8, 9);
    assertThat(filter("year=2019,2020").years()).containsExactly(2019, 2020);
    assertThat(filter("project_id=11&not_in_project=12").projectIds()).containsExactly(11);
    assertThat(filter("project_id=11&not_in_project=12").attributes().notInProjects()).containsExactly(12);
    assertThat(filter("id=99999999999,2").ids()).containsExactly(99_999_999_999L, 2L);
    assertThat(filter("not_id=99999999999").attributes().notIds()).containsExactly(99_999_999_999L);
    assertThat(filter("id_above=5&id_below=9").idAbove()).isEqualTo(5L);
    assertThat(filter("id_above=5&id_below=9").idBelow()).isEqualTo(9L);
    refused("taxon_id=1,x", "taxon_id must be an integer", "x");
    refused("taxon_id=99999999999", "taxon_id must be an integer");
    refused("id=abc", "id must be an integer", "abc");
    refused("id_above=1.5", "id_above must be an integer");
  }

  @Test
  void usersByIdOrLogin() {
    ObservationParams p = parse("user_id=12,kueda,1234567890&user_login=tiwane");
    assertThat(p.filter().userIds()).containsExactly(12);
    assertThat(p.userLogins()).containsExactly("tiwane", "kueda", "1234567890");
    assertThat(parse("user_id=123456789").filter().userIds()).containsExactly(123_456_789);
    assertThat(parse("user_login=a").filter().userIds()).isNull();
    assertThat(parse("unobserved_by_user_id=5").unobservedByUserId()).isEqualTo(5);
  }

  @Test
  void boundingBoxNeedsAllFourCornersInRange() {
    assertThat(filter("swlat=-90&swlng=170&nelat=90&nelng=-170").box())
        .isEqualTo(new ObservationFilter.BoundingBox(-90, 170, 90, -170)); // across the antimeridian
    assertThat(filter("swlat=10&swlng=-180&nelat=10&nelng=180").box())
        .isEqualTo(new ObservationFilter.BoundingBox(10, -180, 10, 180));
    refused("swlat=1&swlng=2&nelat=3", "must be given together");
    refused("swlat=1", "must be given together");
    refused("nelng=1", "must be given together");
    refused("swlat=5&swlng=2&nelat=4&nelng=3", "swlat must not be north of nelat");
    refused("swlat=-90.5&swlng=2&nelat=4&nelng=3", "swlat must be between");
    refused("swlat=1&swlng=2&nelat=90.5&nelng=3", "nelat must be between");
    refused("swlat=1&swlng=-180.5&nelat=4&nelng=3", "swlng must be between");
    refused("swlat=1&swlng=2&nelat=4&nelng=180.5", "nelng must be between");
    refused("swlat=NaN&swlng=2&nelat=4&nelng=3", "swlat");
    refused("swlat=north&swlng=2&nelat=4&nelng=3", "swlat must be a number");
  }

  @Test
  void circleTakesTenKilometresByDefault() {
    assertThat(filter("lat=50.5&lng=-3").circle()).isEqualTo(new ObservationFilter.Circle(50.5, -3, 10));
    assertThat(filter("lat=-90&lng=180&radius=20038").circle()).isEqualTo(new ObservationFilter.Circle(-90, 180, 20038));
    assertThat(filter("lat=90&lng=-180&radius=0").circle()).isEqualTo(new ObservationFilter.Circle(90, -180, 0));
    refused("radius=5", "radius needs lat and lng");
    refused("lat=5", "lat and lng must be given together");
    refused("lng=5&radius=1", "lat and lng must be given together");
    refused("lat=1&lng=1&radius=20038.5", "radius must be between");
    refused("lat=1&lng=1&radius=-1", "radius must be between");
    refused("lat=90.1&lng=1", "lat must be between");
    refused("lat=1&lng=-180.1", "lng must be between");
  }

  @Test
  void pagingLimitsAndOffset() {
    ObservationParams p = parse("page=3&per_page=50");
    assertThat(p.page()).isEqualTo(3);
    assertThat(p.perPage()).isEqualTo(50);
    assertThat(p.offset()).isEqualTo(100);
    assertThat(parse("per_page=200").perPage()).isEqualTo(200);
    assertThat(parse("per_page=0").perPage()).isZero();
    assertThat(parse("page=2147483647&per_page=200").offset()).isEqualTo(2_147_483_646L * 200);
    assertThat(ObservationParams.parse(query(""), 500, 100).perPage()).isEqualTo(100);
    assertThat(ObservationParams.parse(query("per_page=500"), 500, 100).perPage()).isEqualTo(500);
    refused("per_page=201", "per_page must be between 0 and 200", "201");
    refused("per_page=-1", "per_page");
    refused("page=0", "page must be between 1");
    refused("page=x", "page must be an integer");
  }

  @Test
  void monthsAndDaysAreCalendarRanges() {
    assertThat(filter("month=1,12").months()).containsExactly(1, 12);
    assertThat(filter("day=1,31").days()).containsExactly(1, 31);
    refused("month=0", "month must be between 1 and 12", "0");
    refused("month=13", "month must be between 1 and 12", "13");
    refused("day=0", "day must be between 1 and 31");
    refused("day=32", "day must be between 1 and 31");
  }

  @Test
  void accuracyBoundsAreStrictInWholeMetres() {
    assertThat(filter("acc_above=10").attributes().accMin()).isEqualTo(11);
    assertThat(filter("acc_above=10.5").attributes().accMin()).isEqualTo(11);
    assertThat(filter("acc_above=0").attributes().accMin()).isEqualTo(1);
    assertThat(filter("acc_below=10").attributes().accMax()).isEqualTo(9);
    assertThat(filter("acc_below=10.2").attributes().accMax()).isEqualTo(10);
    assertThat(filter("acc_below=10").attributes().accOrUnknown()).isFalse();
    assertThat(filter("acc_below_or_unknown=5").attributes().accMax()).isEqualTo(4);
    assertThat(filter("acc_below_or_unknown=5").attributes().accOrUnknown()).isTrue();
    refused("acc_below=5&acc_below_or_unknown=6", "cannot be given together");
    refused("acc_above=-1", "acc_above must be between");
  }

  @Test
  void daysAsWrittenByEachClient() {
    ObservationFilter f = filter("d1=2020-08-26&d2=2020-08-26T23:30:00+05:00&observed_on=2020-8-6");
    assertThat(f.d1()).isEqualTo(LocalDate.of(2020, 8, 26));
    assertThat(f.d2()).isEqualTo(LocalDate.of(2020, 8, 26));
    assertThat(f.observedOn()).isEqualTo(LocalDate.of(2020, 8, 6));
    assertThat(filter("d1=2020-08-26T00:30:00-05:00").d1()).isEqualTo(LocalDate.of(2020, 8, 26));
    assertThat(filter("d1=2020-08-26T23:00:00Z").d1()).isEqualTo(LocalDate.of(2020, 8, 26));
    assertThat(filter("d1=2020-08-26T10:00:00").d1()).isEqualTo(LocalDate.of(2020, 8, 26));
    assertThat(filter("d1=2020-08-26T10:00").d1()).isEqualTo(LocalDate.of(2020, 8, 26));
    refused("d1=2020-02-30", "d1 must be a date", "2020-02-30");
    refused("observed_on=yesterday", "observed_on must be a date");
    refused("d2=2020-13-01T00:00:00Z", "d2 must be a date");
    // with a zone the time is checked too (an instant), without one only the day is read
    refused("d1=2020-08-26T25:00:00Z", "d1 must be a date");
    refused("d1=2020-08-26T25:00:00+05:00", "d1 must be a date");
    refused("d1=2020-08-26T25:00:00-05:00", "d1 must be a date");
    refused("d1=2020-08-26T99:00+01", "d1 must be a date"); // 19 characters: the shortest read as an instant
    assertThat(filter("d1=2020-08-26T25:00:00").d1()).isEqualTo(LocalDate.of(2020, 8, 26));
    // an ISO year past 9999 carries its sign
    assertThat(filter("d1=+12020-08-26").d1()).isEqualTo(LocalDate.of(12020, 8, 26));
  }

  @Test
  void choicesAreCaseInsensitiveAndChecked() {
    assertThat(filter("rank=species,Genus").ranks()).containsExactly("species", "genus");
    assertThat(filter("hrank=genus&lrank=subspecies").hrankLevel()).isEqualTo(20f);
    assertThat(filter("hrank=genus&lrank=subspecies").lrankLevel()).isEqualTo(5f);
    assertThat(filter("iconic_taxa=aves,PLANTAE").iconicTaxa()).containsExactly("Aves", "Plantae");
    assertThat(filter("photo_license=CC-BY,any").photoLicenses()).isEqualTo(Set.of("cc-by"));
    assertThat(filter("photo_license=any").photoLicenses()).isNull();
    assertThat(parse("search_on=names").filter()).isNotNull();
    refused("rank=banana", "rank must be one of", "banana");
    refused("hrank=banana", "hrank must be one of");
    refused("iconic_taxa=dragons", "iconic_taxa");
    refused("photo_license=mine", "photo_license");
    refused("search_on=tags", "search_on");
  }

  @Test
  void orderAndSort() {
    assertThat(parse("order_by=observed_on&order=ASC").sort())
        .isEqualTo(new ObservationSort(ObservationSort.Field.OBSERVED_ON, true, 0));
    assertThat(parse("order_by=created_at").sort()).isEqualTo(new ObservationSort(ObservationSort.Field.ID, false, 0));
    assertThat(parse("order=asc").sort()).isEqualTo(new ObservationSort(ObservationSort.Field.ID, true, 0));
    ObservationSort random = parse("order_by=random").sort();
    assertThat(random.field()).isEqualTo(ObservationSort.Field.RANDOM);
    assertThat(random.ascending()).isFalse();
    refused("order=up", "order must be one of");
    refused("order_by=name", "order_by must be one of");
  }

  @Test
  void stringsAreTheLastNonEmptyValueTrimmed() {
    assertThat(parse("q=first&q= last ").q()).isEqualTo("last");
    assertThat(parse("q=first&q=&q= ").q()).isEqualTo("first");
    assertThat(parse("q=").q()).isNull();
    assertThat(query("q=x").has("q")).isTrue();
    assertThat(query("q=%20".replace("%20", " ")).has("q")).isFalse();
    assertThat(query("").has("q")).isFalse();
    assertThat(parse("locale=ru&taxon_name=Aves").locale()).isEqualTo("ru");
    assertThat(parse("locale=ru&taxon_name=Aves").taxonName()).isEqualTo("Aves");
  }

  @Test
  void filtersTheExportsCannotAnswerAreRefusedByName() {
    refused("captive=true", "captive", "not supported");
    refused("mappable=false", "mappable", "geo=true");
    assertThat(filter("captive=any").taxonIds()).isNull();
    assertThat(filter("captive=").taxonIds()).isNull();
  }
}
