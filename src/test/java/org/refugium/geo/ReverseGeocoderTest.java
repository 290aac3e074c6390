package org.refugium.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reverse geocoding against the shipped Natural Earth admin-1 boundaries, checked on points whose country and
 * region are known independently (coordinates of city centres from an atlas; open sea far from any coast).
 */
class ReverseGeocoderTest {

  @Test
  void moscowRegionInRussianAndEnglish() {
    // Elektrostal, Moscow Oblast (55.79 N, 38.45 E): in the oblast, outside the federal city
    ReverseGeocoder.Place ru = ReverseGeocoder.lookup(55.79, 38.45, "ru").orElseThrow();
    assertThat(ru.countryCode()).isEqualTo("RU");
    assertThat(ru.country()).isEqualTo("Россия");
    assertThat(ru.region()).isEqualTo("Московская область");
    assertThat(ru.label()).isEqualTo("Московская область, Россия");
    ReverseGeocoder.Place en = ReverseGeocoder.lookup(55.79, 38.45, "en").orElseThrow();
    assertThat(en.country()).isEqualTo("Russia");
    assertThat(en.region()).contains("Moscow");
  }

  @Test
  void moscowCityIsItsOwnRegion() {
    // the Kremlin, 55.752 N 37.617 E: Moscow is a federal city, an admin-1 unit of its own
    ReverseGeocoder.Place ru = ReverseGeocoder.lookup(55.752, 37.617, "ru").orElseThrow();
    assertThat(ru.country()).isEqualTo("Россия");
    assertThat(ru.region()).isEqualTo("Москва");
  }

  @Test
  void littleRockIsInArkansas() {
    ReverseGeocoder.Place en = ReverseGeocoder.lookup(34.746, -92.290, "en").orElseThrow();
    assertThat(en.countryCode()).isEqualTo("US");
    assertThat(en.country()).isEqualTo("United States");
    assertThat(en.region()).isEqualTo("Arkansas");
    assertThat(ReverseGeocoder.lookup(34.746, -92.290, "ru").orElseThrow().region()).isEqualTo("Арканзас");
  }

  @Test
  void theSeaHasNoPlace() {
    assertThat(ReverseGeocoder.lookup(0, 0, "en")).isEmpty(); // Gulf of Guinea
    assertThat(ReverseGeocoder.lookup(45, -30, "en")).isEmpty(); // mid-Atlantic
    assertThat(ReverseGeocoder.lookup(-40, 170, "ru")).isEmpty(); // Tasman Sea
  }

  @Test
  void outOfRangeCoordinatesHaveNoPlace() {
    assertThat(ReverseGeocoder.lookup(91, 0, "en")).isEmpty();
    assertThat(ReverseGeocoder.lookup(Double.NaN, 0, "en")).isEmpty();
  }
}
