package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad parameter gets a 4xx {error, status} naming the problem: never a 500, never a stack trace. */
class ApiErrorsTest {

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

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/v1/observations?quality_grade=excellent | 422 | quality_grade",
      "/v1/observations?taxon_id=abc | 422 | taxon_id",
      "/v1/observations?taxon_id=1,x | 422 | taxon_id",
      "/v1/observations?per_page=201 | 422 | per_page",
      "/v1/observations?per_page=-1 | 422 | per_page",
      "/v1/observations?page=0 | 422 | page",
      "/v1/observations?page=abc | 422 | page",
      "/v1/observations?lat=10 | 422 | lat",
      "/v1/observations?lng=10 | 422 | lat",
      "/v1/observations?radius=5 | 422 | radius",
      "/v1/observations?lat=91&lng=0 | 422 | lat",
      "/v1/observations?lat=abc&lng=0 | 422 | lat",
      "/v1/observations?swlat=1&swlng=2 | 422 | swlat",
      "/v1/observations?swlat=10&swlng=0&nelat=5&nelng=1 | 422 | swlat",
      "/v1/observations?d1=yesterday | 422 | d1",
      "/v1/observations?d2=2020-13-01 | 422 | d2",
      "/v1/observations?observed_on=2021-02-30 | 422 | observed_on",
      "/v1/observations?month=13 | 422 | month",
      "/v1/observations?day=0 | 422 | day",
      "/v1/observations?year=twenty | 422 | year",
      "/v1/observations?verifiable=maybe | 422 | verifiable",
      "/v1/observations?photos=sometimes | 422 | photos",
      "/v1/observations?photo_license=cc-by-xyz | 422 | photo_license",
      "/v1/observations?order_by=popularity | 422 | order_by",
      "/v1/observations?order=sideways | 422 | order",
      "/v1/observations?rank=superduper | 422 | rank",
      "/v1/observations?hrank=x | 422 | hrank",
      "/v1/observations?id=1.5 | 422 | id",
      "/v1/observations?id_above=x | 422 | id_above",
      "/v1/observations?user_id= | 200 | ",
      "/v1/observations/abc | 422 | observation ids",
      "/v1/observations/species_counts?per_page=501 | 422 | per_page",
      "/v1/observations/histogram?interval=fortnight | 422 | interval",
      "/v1/observations/histogram?date_field=uploaded | 422 | date_field",
      "/v1/taxa/abc | 422 | taxon ids",
      "/v1/taxa?rank_level=x | 422 | rank_level",
      "/v1/taxa?is_active=perhaps | 422 | is_active",
      "/v1/taxa?order_by=colour | 422 | order_by",
      "/v1/taxa/autocomplete | 422 | q",
      "/v1/taxa/autocomplete?q=a&per_page=1000 | 422 | per_page",
      "/v1/users/nobody-at-all | 404 | Not found",
      "/v1/users/99999999 | 404 | Not found",
      "/v1/no-such-endpoint | 404 | Not found",
  })
  void badInputIsAClientError(String path, int status, String mentions) throws Exception {
    ApiServer.Reply r = api.get(path.strip());
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    if (status != 200) {
      JsonNode body = r.body();
      assertThat(body.get("status").asInt()).isEqualTo(status);
      assertThat(body.get("error").asText()).contains(mentions.strip());
      assertThat(body.toString()).doesNotContain("Exception").doesNotContain("at org.");
    }
  }
}
