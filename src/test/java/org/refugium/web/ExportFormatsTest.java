package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refugium.api.data.ObservationRow;
import org.refugium.api.data.PhotoRow;
import org.refugium.api.view.TaxonView;

/**
 * The export's cell encoding, the SVG escaping and the page's name choice, without a server (issue #17: the paths the
 * sample's 32 rows never reach: quoting, formulas, hostile text). Expected strings are written out by hand from RFC
 * 4180 and the HTML rules. LargeExportTest runs the same formats end to end past a batch.
 */
class ExportFormatsTest {

  private static final String HEADER = "id,uuid,url,observed_on,latitude,longitude,positional_accuracy,quality_grade,"
      + "taxon_id,scientific_name,taxon_rank,common_name,iconic_taxon,kingdom,kingdom_id,phylum,phylum_id,class,"
      + "class_id,order,order_id,family,family_id,genus,genus_id,species,species_id,user_id,user_login,user_name,"
      + "photo_count,photo_license,photo_url,project_ids,inaturalist_id,gbif_id,created_at,citation\r\n";

  @Test
  void cellsAreQuotedByRfc4180AndFormulasDefused() {
    assertThat(ExportResource.CsvFormat.csv(null)).isEqualTo("");
    assertThat(ExportResource.CsvFormat.csv("")).isEqualTo("");
    assertThat(ExportResource.CsvFormat.csv("plain text")).isEqualTo("plain text");
    assertThat(ExportResource.CsvFormat.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(ExportResource.CsvFormat.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ExportResource.CsvFormat.csv("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(ExportResource.CsvFormat.csv("two\rlines")).isEqualTo("\"two\rlines\"");
    assertThat(ExportResource.CsvFormat.csv("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(ExportResource.CsvFormat.csv("=1+1")).isEqualTo("'=1+1");
    assertThat(ExportResource.CsvFormat.csv("+7")).isEqualTo("'+7");
    assertThat(ExportResource.CsvFormat.csv("-7")).isEqualTo("'-7");
    assertThat(ExportResource.CsvFormat.csv("@cmd")).isEqualTo("'@cmd");
    assertThat(ExportResource.CsvFormat.csv("\tcmd")).isEqualTo("'\tcmd");
    assertThat(ExportResource.CsvFormat.csv("\rcmd")).isEqualTo("\"'\rcmd\"");
    assertThat(ExportResource.CsvFormat.csv("a=b-c")).isEqualTo("a=b-c"); // only the first character counts
    // the characters that force quotes, at the very start of the cell
    assertThat(ExportResource.CsvFormat.csv(",lead")).isEqualTo("\",lead\"");
    assertThat(ExportResource.CsvFormat.csv("\"lead")).isEqualTo("\"\"\"lead\"");
    assertThat(ExportResource.CsvFormat.csv("\nlead")).isEqualTo("\"\nlead\"");
    assertThat(ExportResource.CsvFormat.csv(-7)).isEqualTo("-7"); // numbers are never defused
    assertThat(ExportResource.CsvFormat.csv(-12.5)).isEqualTo("-12.5");
    assertThat(ExportResource.CsvFormat.csv(1234567890123L)).isEqualTo("1234567890123");
  }

  @Test
  void aLineIsCommaSeparatedAndCrlfTerminated() throws Exception {
    StringWriter w = new StringWriter();
    ExportResource.CsvFormat.line(w, new Object[] {1, null, "a,b", "=x"});
    ExportResource.CsvFormat.line(w, new Object[] {"only"});
    assertThat(w.toString()).isEqualTo("1,,\"a,b\",'=x\r\nonly\r\n");
  }

  private static ObservationRow observation(Long inatId, ObservationRow.Details details, List<PhotoRow> photos) {
    return new ObservationRow(42, "11111111-1111-4111-8111-111111111111", inatId, 7, "=login", "Name, \"Nick\"",
        55.75, 37.62, 12, 3017, "research", "2020-05-01", photos, List.of(5, 9), details);
  }

  private static ExportResource.Row row(ObservationRow r) {
    String[] names = {"Animalia", "Chordata", "Aves", "Passeriformes", "Corvidae", "Corvus", "Corvus corax"};
    Integer[] ids = {1, 2, 3, 4, 5, 6, 3017};
    return new ExportResource.Row(r, "Corvus corax", "species", "<b>Raven</b>", "Aves", names, ids,
        "https://example.org/p.jpg", "cite, me");
  }

  @Test
  void csvHasABomOnlyWhenAskedAndOneCellPerHeaderColumn() throws Exception {
    StringWriter plain = new StringWriter();
    new ExportResource.CsvFormat(false).start(plain);
    assertThat(plain.toString()).isEqualTo(HEADER);
    StringWriter bom = new StringWriter();
    new ExportResource.CsvFormat(true).start(bom);
    assertThat(bom.toString()).isEqualTo("\uFEFF" + HEADER);

    PhotoRow photo = new PhotoRow(100, null, "42", "jpg", "CC-BY", 10, 10, 0, "=login", null);
    PhotoRow second = new PhotoRow(101, null, "42", "png", "CC0", 10, 10, 1, "=login", null);
    ObservationRow.Details details = new ObservationRow.Details(2803151307L, 5L, "2020-05-02T10:00:00Z", null, null,
        null, null, null, null, null, null);
    StringWriter w = new StringWriter();
    ExportResource.CsvFormat format = new ExportResource.CsvFormat(false);
    format.row(w, row(observation(50839517L, details, List.of(photo, second))), true);
    format.row(w, row(observation(null, null, List.of())), false);
    String[] lines = w.toString().split("\r\n", -1);
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("42,11111111-1111-4111-8111-111111111111,"
        + "https://www.inaturalist.org/observations/50839517,2020-05-01,55.75,37.62,12,research,3017,Corvus corax,"
        + "species,<b>Raven</b>,Aves,Animalia,1,Chordata,2,Aves,3,Passeriformes,4,Corvidae,5,Corvus,6,Corvus corax,"
        + "3017,7,'=login,\"Name, \"\"Nick\"\"\",2,CC-BY,https://example.org/p.jpg,5 9,50839517,2803151307,"
        + "2020-05-02T10:00:00Z,\"cite, me\"");
    // without an iNaturalist id the URL names the uuid; no photo, no GBIF key, no creation time
    assertThat(lines[1]).isEqualTo("42,11111111-1111-4111-8111-111111111111,"
        + "https://www.inaturalist.org/observations/11111111-1111-4111-8111-111111111111,2020-05-01,55.75,37.62,12,"
        + "research,3017,Corvus corax,species,<b>Raven</b>,Aves,Animalia,1,Chordata,2,Aves,3,Passeriformes,4,"
        + "Corvidae,5,Corvus,6,Corvus corax,3017,7,'=login,\"Name, \"\"Nick\"\"\",0,,https://example.org/p.jpg,5 9,,,,"
        + "\"cite, me\"");
    assertThat(lines[2]).isEmpty();
  }

  @Test
  void geoJsonIsOneFeatureCollectionWithPointsInLongitudeLatitudeOrder() throws Exception {
    ExportResource.GeoJsonFormat format = new ExportResource.GeoJsonFormat();
    StringWriter w = new StringWriter();
    format.start(w);
    format.row(w, row(observation(50839517L, null, List.of())), true);
    ObservationRow noPlace = new ObservationRow(43, "u", null, 7, "l", null, null, 37.62, null, null, "casual",
        null, List.of(), List.of(), null);
    format.row(w, new ExportResource.Row(noPlace, null, null, null, null, new String[7], new Integer[7], null, "c"),
        false);
    format.end(w);
    JsonNode json = new ObjectMapper().readTree(w.toString());
    assertThat(json.get("type").asText()).isEqualTo("FeatureCollection");
    JsonNode features = json.get("features");
    assertThat(features).hasSize(2);
    JsonNode first = features.get(0);
    assertThat(first.get("type").asText()).isEqualTo("Feature");
    assertThat(first.get("id").asLong()).isEqualTo(42);
    assertThat(first.at("/geometry/type").asText()).isEqualTo("Point");
    assertThat(first.at("/geometry/coordinates/0").asDouble()).isEqualTo(37.62);
    assertThat(first.at("/geometry/coordinates/1").asDouble()).isEqualTo(55.75);
    assertThat(first.at("/properties/common_name").asText()).isEqualTo("<b>Raven</b>"); // JSON, not HTML
    assertThat(first.at("/properties/url").asText()).isEqualTo("https://www.inaturalist.org/observations/50839517");
    assertThat(first.at("/properties/inaturalist_id").asLong()).isEqualTo(50839517L);
    assertThat(first.at("/properties/user_login").asText()).isEqualTo("=login"); // no spreadsheet here
    assertThat(first.at("/properties/photo_count").asInt()).isZero();
    assertThat(first.at("/properties/citation").asText()).isEqualTo("cite, me");
    JsonNode second = features.get(1);
    assertThat(second.get("geometry").isNull()).isTrue(); // a longitude alone is no point
    assertThat(second.at("/properties/inaturalist_id").isNull()).isTrue();
    assertThat(second.at("/properties/gbif_id").isNull()).isTrue();
    assertThat(w.toString()).startsWith("{\"type\":\"FeatureCollection\",\"features\":[\n{").endsWith("}\n]}\n")
        .contains("},\n{");
  }

  @Test
  void svgTextIsHtmlEscaped() {
    assertThat(Html.escape(null)).isEqualTo("");
    assertThat(Html.escape("<img src=x onerror='alert(1)'> & \"q\""))
        .isEqualTo("&lt;img src=x onerror=&#39;alert(1)&#39;&gt; &amp; &quot;q&quot;");
    assertThat(Html.escape("Ворон")).isEqualTo("Ворон");
  }

  @Test
  void commonNamesAreShownOnlyInThePagesLanguage() {
    TaxonView t = new TaxonView();
    t.name = "Corvus corax";
    t.preferredCommonName = "Common Raven";
    t.englishCommonName = "Common Raven";
    assertThat(Names.common(t, "en")).isEqualTo("Common Raven");
    assertThat(Names.common(t, "ru")).isNull(); // English passed off as Russian
    assertThat(Names.label(t, "en")).isEqualTo("Common Raven (Corvus corax)");
    assertThat(Names.label(t, "ru")).isEqualTo("Corvus corax");
    t.preferredCommonName = "Ворон";
    assertThat(Names.common(t, "ru")).isEqualTo("Ворон");
    assertThat(Names.label(t, "ru")).isEqualTo("Ворон (Corvus corax)");
    t.preferredCommonName = null;
    assertThat(Names.common(t, "en")).isNull();
    assertThat(Names.label(t, "en")).isEqualTo("Corvus corax");
    assertThat(Names.common(null, "en")).isNull();
    assertThat(Names.label(null, "en")).isNull();
  }

  @Test
  void languageNamesInTheInterfacesLanguage() {
    assertThat(Names.languageName(null, "en", "Scientific")).isEqualTo("Scientific");
    assertThat(Names.languageName("sci", "ru", "Научное")).isEqualTo("Научное");
    assertThat(Names.languageName("ru", "en", "Scientific")).isEqualTo("Russian");
    assertThat(Names.languageName("en", "ru", "Научное")).isEqualTo("Английский");
    assertThat(Names.languageName("qq", "en", "Scientific")).isEqualTo("qq");
  }
}
