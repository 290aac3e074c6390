package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

/**
 * What a page request writes: counts and dates as each language does (issue #14 item 12: "1 observations",
 * Russian's three forms), and links built from free text (issue #16 item 14).
 */
class PageRequestTest {

  private static PageRequest page(String lang) {
    return new PageRequest(lang, false, "/", new MultivaluedHashMap<>());
  }

  @Test
  void russianCountsTakeTheirThreeForms() {
    PageRequest ru = page("ru");
    assertThat(ru.format("search.total", 1)).isEqualTo("1 наблюдение");
    assertThat(ru.format("search.total", 2)).isEqualTo("2 наблюдения");
    assertThat(ru.format("search.total", 5)).isEqualTo("5 наблюдений");
    assertThat(ru.format("search.total", 11)).isEqualTo("11 наблюдений");
    assertThat(ru.format("search.total", 21)).isEqualTo("21 наблюдение");
    assertThat(ru.format("search.total", 34)).isEqualTo("34 наблюдения");
    assertThat(ru.format("count.observations", 0)).isEqualTo("нет наблюдений");
  }

  @Test
  void englishCountsAreSingularForOne() {
    PageRequest en = page("en");
    assertThat(en.format("search.total", 1)).isEqualTo("1 observation");
    assertThat(en.format("search.total", 32)).isEqualTo("32 observations");
    assertThat(en.format("search.total", 1234)).isEqualTo("1,234 observations");
    assertThat(en.format("count.observations", 0)).isEqualTo("no observations");
  }

  @Test
  void datesAreWrittenInThePagesLanguage() {
    assertThat(page("ru").date("2020-05-03")).isEqualTo("3 мая 2020\u202fг.");
    assertThat(page("en").date("2020-05-03")).isEqualTo("May 3, 2020");
    assertThat(page("en").date("2020-05-03T10:11:12Z")).isEqualTo("May 3, 2020");
    assertThat(page("en").date("not a date")).isEqualTo("not a date");
    assertThat(page("en").date(null)).isEmpty();
  }

  @Test
  void observerLinksAreOneEncodedPathSegment() {
    PageRequest en = page("en");
    assertThat(en.personPath("kingmush", 5)).isEqualTo("/people/kingmush");
    assertThat(en.personPath("a/b?c=d#e f", 5)).isEqualTo("/people/a%2Fb%3Fc%3Dd%23e%20f");
    assertThat(en.personPath("", 1623)).isEqualTo("/people/1623");
    assertThat(en.personPath(null, 1623)).isEqualTo("/people/1623");
  }
}
