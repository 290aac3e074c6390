package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.refugium.testing.SharedData;

/**
 * The compatibility check: for each response recorded from the live iNaturalist API that an endpoint of
 * ours covers, the equivalent query against the mirror must answer with every key path of the recording,
 * each with the same JSON type (see {@link JsonShapes}). Clients written against api.inaturalist.org
 * parse by these paths.
 */
class CompatibilityTest {

  /**
   * Paths the mirror cannot fill, each with its reason. Everything else in the recordings must be there.
   */
  private static final Map<String, String> EXCUSED = Map.of(
      "results.hour",
      "The exports carry observation days, no times: the hour histogram has no buckets, so none of the"
          + " recording's date-time keys exist (the results object and its \"hour\" key do).",
      "results[].geojson.coordinates[]",
      "iNaturalist itself is inconsistent: numbers in get_observations_page1 and most responses, strings in"
          + " some older ones (get_observation.json); the mirror writes numbers, as GeoJSON specifies.");

  /** Recordings whose results hold data the exports do not carry: the mirror answers the envelope, empty. */
  private static final List<String> EMPTY_BY_DESIGN = List.of(
      "responses/get_observation_popular_field_values.json", // annotations
      "responses/get_controlled_terms.json"); // the annotation vocabulary

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

  /**
   * Recording (under ../shared/data/inat-api-v1) → the mirror's equivalent request on the sample. Observation ids
   * are the sample's stable ids (lines 2, 3 and 16 of observations.csv; docs/ids.md).
   */
  static Stream<Arguments> recordings() {
    return Stream.of(
        Arguments.of("responses/get_observations_page1.json", "/v1/observations?per_page=2"),
        Arguments.of("responses/get_observations_page2.json", "/v1/observations?per_page=2&page=2"),
        Arguments.of("responses/get_observation.json", "/v1/observations/5895285454616975"),
        Arguments.of("responses/get_observations_by_id.json", "/v1/observations/5895285454616975,6733968966786504"),
        Arguments.of("responses/get_observation_with_ofvs.json", "/v1/observations/5895285454616975"),
        Arguments.of("responses/get_nonexistent_observation.json", "/v1/observations/99999999"),
        Arguments.of("ios-fixtures/PolychaeteObservationNode.json", "/v1/observations/5895285454616975"),
        Arguments.of("ios-fixtures/WilletObservationNode.json", "/v1/observations/5479839633565593"),
        Arguments.of("responses/get_observation_species_counts.json", "/v1/observations/species_counts"),
        Arguments.of("responses/get_all_observation_species_counts_page1.json", "/v1/observations/species_counts"),
        Arguments.of("responses/get_all_observation_species_counts_page2.json",
            "/v1/observations/species_counts?page=2&per_page=10"),
        Arguments.of("responses/get_observation_observers_node_page1.json", "/v1/observations/observers"),
        Arguments.of("responses/get_observation_observers_node_page2.json", "/v1/observations/observers?page=2&per_page=5"),
        Arguments.of("responses/get_observation_histogram_month_of_year.json", "/v1/observations/histogram"),
        Arguments.of("responses/get_observation_histogram_week_of_year.json",
            "/v1/observations/histogram?interval=week_of_year"),
        Arguments.of("responses/get_observation_histogram_month.json",
            "/v1/observations/histogram?interval=month&d1=2020-01-01&d2=2020-12-31"),
        Arguments.of("responses/get_observation_histogram_week.json",
            "/v1/observations/histogram?interval=week&d1=2020-01-01&d2=2020-12-31"),
        Arguments.of("responses/get_observation_histogram_day.json",
            "/v1/observations/histogram?interval=day&d1=2020-01-01&d2=2020-01-31"),
        Arguments.of("responses/get_observation_histogram_hour.json",
            "/v1/observations/histogram?interval=hour&d1=2020-01-01&d2=2020-01-02"),
        Arguments.of("responses/get_observation_popular_field_values.json", "/v1/observations/popular_field_values"),
        Arguments.of("responses/get_controlled_terms.json", "/v1/controlled_terms"),
        Arguments.of("responses/get_taxa.json", "/v1/taxa?q=tri"),
        Arguments.of("responses/get_taxa_autocomplete.json", "/v1/taxa/autocomplete?q=tri"),
        Arguments.of("responses/get_taxa_by_id.json", "/v1/taxa/61824"),
        Arguments.of("responses/get_taxa_by_id_conservation_statuses.json", "/v1/taxa/61824"),
        Arguments.of("responses/get_taxa_with_all_names.json", "/v1/taxa?all_names=true&q=tri"),
        Arguments.of("responses/get_taxa_with_preferred_place.json", "/v1/taxa?q=tri"),
        Arguments.of("responses/get_user_by_id.json", "/v1/users/28"));
  }

  @ParameterizedTest(name = "{0} ~ {1}")
  @MethodSource("recordings")
  void mirrorAnswersWithEveryKeyOfTheRecording(String recording, String request) throws Exception {
    JsonNode reference = ApiServer.JSON.readTree(Files.readString(SharedData.data("inat-api-v1/" + recording)));
    JsonNode ours = api.ok(request);
    if (!EMPTY_BY_DESIGN.contains(recording) && reference.has("results") && reference.get("results").isArray() && !reference.get("results").isEmpty()) {
      assertThat(ours.get("results")).as("the mirror's answer must have results to compare: " + request).isNotEmpty();
    }
    List<String> differences = JsonShapes.differences(reference, ours, EXCUSED::containsKey);
    assertThat(differences).as(recording + " vs " + request).isEmpty();
  }
}
