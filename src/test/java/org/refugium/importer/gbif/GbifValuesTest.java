package org.refugium.importer.gbif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.dwca.UrlIds;

class GbifValuesTest {

  @Test
  void mapsCreativeCommonsUrlsToInaturalistCodes() throws Exception {
    assertThat(GbifValues.license("http://creativecommons.org/licenses/by-nc/4.0/")).isEqualTo("CC-BY-NC");
    assertThat(GbifValues.license("https://creativecommons.org/licenses/by-nc-sa/4.0/deed.ru")).isEqualTo("CC-BY-NC-SA");
    assertThat(GbifValues.license("http://creativecommons.org/publicdomain/zero/1.0/")).isEqualTo("CC0");
    assertThat(GbifValues.license("")).isNull();
    assertThatThrownBy(() -> GbifValues.license("http://example.org/mine")).isInstanceOf(RowRejectedException.class);
  }

  @Test
  void parsesPhotoIdsAndExtensionsFromInaturalistUrlsOnly() {
    assertThat(GbifValues.photo("https://static.inaturalist.org/photos/80747453/original.jpg?1593046768"))
        .containsExactly(80747453L, "jpg");
    assertThat(GbifValues.photo("https://inaturalist-open-data.s3.amazonaws.com/photos/1/medium.JPG"))
        .containsExactly(1L, "JPG");
    assertThat(GbifValues.photo("https://bugguide.net/images/raw/photos/1/x.jpg")).isNull();
    assertThat(GbifValues.photo("https://static.inaturalist.org/sounds/123.m4a")).isNull();
  }

  @Test
  void takesTheDayFromEventDateOrItsParts() throws Exception {
    assertThat(GbifValues.observedOn("2020-06-24T20:58:14", null, null, null)).isEqualTo("2020-06-24");
    assertThat(GbifValues.observedOn("2020-06-24/2020-06-26", null, null, null)).isEqualTo("2020-06-24");
    assertThat(GbifValues.observedOn(null, "2020", "6", "4")).isEqualTo("2020-06-04");
    assertThat(GbifValues.observedOn("2019-07", "2019", "7", null)).isNull();
    assertThatThrownBy(() -> GbifValues.observedOn("2019-02-30", null, null, null))
        .isInstanceOf(RowRejectedException.class).hasMessageStartingWith("bad date");
  }

  @Test
  void findsIdsAtTheEndOfUrls() {
    assertThat(UrlIds.trailingNumber("https://www.inaturalist.org/taxa/48460")).isEqualTo(48460L);
    assertThat(UrlIds.trailingNumber("https://www.inaturalist.org/observations/50839517/")).isEqualTo(50839517L);
    assertThat(UrlIds.trailingNumber(" 42 ")).isEqualTo(42L);
    assertThat(UrlIds.trailingNumber("urn:bugguide:abc123")).isNull();
    assertThat(UrlIds.trailingNumber("")).isNull();
  }

  @Test
  void observerIdsAreNegativeAndStable() {
    ObserverIds ids = new ObserverIds();
    long fred = ids.idFor("fred201");
    assertThat(fred).isNegative().isGreaterThanOrEqualTo(-(1L << 52));
    assertThat(new ObserverIds().idFor("fred201")).isEqualTo(fred);
    assertThat(ids.idFor("Jane Q. Observer")).isNotEqualTo(fred);
    assertThat(ids.observers()).extracting(ObserverIds.Observer::login).containsExactly("fred201", null);
  }
}
