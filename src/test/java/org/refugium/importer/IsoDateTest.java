package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class IsoDateTest {

  @Test
  void agreesWithJavaTimeOnEveryDayOfFourCenturiesAndOnJunk() {
    for (LocalDate d = LocalDate.of(1899, 1, 1); d.isBefore(LocalDate.of(2101, 1, 1)); d = d.plusDays(1)) {
      assertThat(BoundRow.isIsoDate(d.toString())).as(d.toString()).isTrue();
    }
    for (String bad : new String[] {"2019-02-29", "1900-02-29", "2021-04-31", "2021-13-01", "2021-00-10", "2021-1-01",
        "2021/01/01", "20210101", "2021-01-0a", "", "2021-01-01T00", "20x0-01-01", ":999-01-01", "2021-1a-01"}) {
      boolean javaTime;
      try {
        LocalDate.parse(bad);
        javaTime = true;
      } catch (DateTimeParseException e) {
        javaTime = false;
      }
      assertThat(BoundRow.isIsoDate(bad)).as(bad).isEqualTo(javaTime).isFalse();
    }
    assertThat(BoundRow.isIsoDate("2000-02-29")).isTrue();
    // year 0 is a year in ISO 8601 (and a leap year, divisible by 400), as java.time reads it
    assertThat(LocalDate.parse("0000-02-29").getYear()).isZero();
    assertThat(BoundRow.isIsoDate("0000-02-29")).isTrue();
  }
}
