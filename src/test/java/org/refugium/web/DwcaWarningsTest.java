package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

/** The DwC-A join's manifest warning, as InatDwcaJoinTest's import writes it, in the about page's two languages. */
class DwcaWarningsTest {

  static final String JOINED = "iNaturalist DwC-A observations.csv joined: 41 of 50 rows matched an Open Data"
      + " observation (38 through photo ids, 3 by an iNaturalist id another source gave; they got its iNaturalist id,"
      + " updated time, time observed, place names, description, licence and recorded-by name); 9 matched none (not"
      + " imported: the Open Data export is the record); left unjoined as conflicts: 1 row(s) whose photos or id are"
      + " under two or more observations, 1 observation(s) claimed by two or more rows; taxon differs in 0 (the Open"
      + " Data taxon kept)";

  @Test
  void theJoinWarningReadsInBothLanguages() {
    assertThat(ImportWarnings.translate(JOINED, new PageRequest("en", false, "/", new MultivaluedHashMap<>())))
        .isEqualTo("iNaturalist DwC-A observations.csv joined: 41 of 50 rows matched an observation (38 through"
            + " photo ids, 3 by iNaturalist id), 9 matched none; left unjoined: 1 rows under two or more observations,"
            + " 1 observations claimed by two or more rows; taxon differs in 0");
    assertThat(ImportWarnings.translate(JOINED, new PageRequest("ru", false, "/", new MultivaluedHashMap<>())))
        .startsWith("DwC-A iNaturalist observations.csv связан: 41 из 50 строк нашли наблюдение (38 по номерам"
            + " фотографий, 3 по номеру iNaturalist), не нашли — 9;");
  }
}
