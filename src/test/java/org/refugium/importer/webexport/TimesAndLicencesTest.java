package org.refugium.importer.webexport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The web export's and the DwC-A's times and licences as staged (the common forms take a fast path). */
class TimesAndLicencesTest {

  @Test
  void utcTimesInTheTwoCommonFormsAreRewrittenWithoutParsing() {
    assertThat(WebExportImport.utcFastPath("2015-07-20 03:49:24 UTC")).isEqualTo("2015-07-20T03:49:24Z");
    assertThat(WebExportImport.utcFastPath("2021-07-28T04:07:34Z")).isEqualTo("2021-07-28T04:07:34Z");
    assertThat(WebExportImport.utcFastPath("2016-02-29 23:59:59 UTC")).isEqualTo("2016-02-29T23:59:59Z");
    // anything else goes the general way (which converts offsets or counts the value as unreadable)
    assertThat(WebExportImport.utcFastPath("2015-02-29 03:49:24 UTC")).isNull(); // no such day
    assertThat(WebExportImport.utcFastPath("2015-07-20 24:00:00 UTC")).isNull();
    assertThat(WebExportImport.utcFastPath("2015-07-20 03:60:00 UTC")).isNull();
    assertThat(WebExportImport.utcFastPath("2015-07-20 03:49:24 -0500")).isNull();
    assertThat(WebExportImport.utcFastPath("2008-03-17T12:00:00-07:00")).isNull();
    assertThat(WebExportImport.utcFastPath("2015-07-2x 03:49:24 UTC")).isNull();
    assertThat(WebExportImport.utcFastPath("2015-07-20 03:4x:24 UTC")).isNull();
  }

  @Test
  void creativeCommonsUrlsBecomeTheCodesTheApiUses() {
    assertThat(WebExportImport.licenseCode("http://creativecommons.org/licenses/by-nc/4.0/")).isEqualTo("CC-BY-NC");
    assertThat(WebExportImport.licenseCode("http://creativecommons.org/licenses/by/4.0/")).isEqualTo("CC-BY");
    assertThat(WebExportImport.licenseCode("http://creativecommons.org/publicdomain/zero/1.0/")).isEqualTo("CC0");
    assertThat(WebExportImport.licenseCode("CC-BY-NC")).isEqualTo("CC-BY-NC");
    assertThat(WebExportImport.licenseCode(null)).isNull();
  }
}
