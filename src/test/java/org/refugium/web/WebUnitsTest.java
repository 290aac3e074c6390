package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.refugium.api.data.ObservationIndex.GeoCell;

/** The pieces without a server: strings, language choice, map and chart drawing. */
class WebUnitsTest {

  @Test
  void bothBundlesHaveTheSameKeys() {
    ResourceBundle en = Templates.messages("en");
    ResourceBundle ru = Templates.messages("ru");
    assertThat(new TreeSet<>(Collections.list(ru.getKeys()))).isEqualTo(new TreeSet<>(Collections.list(en.getKeys())));
    assertThat(ru.getString("nav.search")).isEqualTo("Поиск"); // read as UTF-8
    assertThat(Templates.messages("de").getString("nav.search")).isEqualTo("Search"); // base, not the JVM's locale
  }

  @Test
  void languageChoice() {
    assertThat(UiLocale.resolve("ru", "en", "en")).isEqualTo("ru");
    assertThat(UiLocale.resolve(null, "ru", "en")).isEqualTo("ru");
    assertThat(UiLocale.resolve("xx", null, "de-DE,ru;q=0.8,en;q=0.5")).isEqualTo("ru");
    assertThat(UiLocale.resolve(null, null, "ru;q=0,en")).isEqualTo("en");
    assertThat(UiLocale.resolve(null, null, ";;;garbage=")).isEqualTo("en");
    assertThat(UiLocale.resolve(null, null, null)).isEqualTo("en");
  }

  @Test
  void mapDrawsDotsForFewAndCellsForMany() {
    MapSvg.View world = MapSvg.View.world();
    assertThat(org.refugium.archive.MapGrid.cellDegrees(world.width(), 100)).isEqualTo(0.01);
    assertThat(org.refugium.archive.MapGrid.cellDegrees(world.width(), 5_000_000)).isEqualTo(5);
    assertThat(org.refugium.archive.MapGrid.cellDegrees(24, 5_000_000)).isEqualTo(0.5);
    String dots = MapSvg.render(world, List.of(new GeoCell(10, 20, 1)), 0.01, null, "m", n -> n + " obs");
    assertThat(dots).contains("<circle class=\"dot\"").contains("<title>1 obs</title>").contains("href=\"/assets/land-110m.svg#land\"");
    String cells = MapSvg.render(world, List.of(new GeoCell(10, 20, 1), new GeoCell(15, 20, 1000)), 5, null, "m<&",
        n -> n + " obs");
    assertThat(cells).contains("class=\"cell c0\"").contains("class=\"cell c4\"").contains("aria-label=\"m&lt;&amp;\"");
    MapSvg.View near = MapSvg.View.around(43, -87, 24);
    assertThat(near.width()).isEqualTo(2 * near.height());
    assertThat(near.viewBox()).isEqualTo("-99 -49 24 12");
    assertThat(MapSvg.render(near, List.of(), 1, null, "m", n -> "")).contains("land-50m.svg");
  }

  @Test
  void coordinatesHaveAtMostFourDecimals() {
    assertThat(List.of(MapSvg.f(-180), MapSvg.f(12.5), MapSvg.f(0.0001), MapSvg.f(-33.86785), MapSvg.f(45.900000000000006),
        MapSvg.f(-0.00001), MapSvg.f(0.99999))).containsExactly("-180", "12.5", "0.0001", "-33.8679", "45.9", "0", "1");
  }

  @Test
  void chartsUseRoundAxes() {
    assertThat(ChartSvg.niceCeiling(0)).isZero();
    assertThat(ChartSvg.niceCeiling(1)).isEqualTo(1);
    assertThat(ChartSvg.niceCeiling(3)).isEqualTo(5);
    assertThat(ChartSvg.niceCeiling(1234)).isEqualTo(2000);
    String svg = ChartSvg.bars("c", List.of("a", "b"), List.of(new ChartSvg.Series("all", "all", new long[] {3, 4})), 1,
        (i, s) -> "t" + i);
    assertThat(svg).contains("class=\"bar all\"").contains("<title>t1</title>").contains(">5</text>"); // 4 rounds up to 5
  }

  @Test
  void landOutlineIsCompactAndClosed() {
    String svg = new String(LandSvg.get("110m"), java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(svg).startsWith("<svg").contains("id=\"land\"").endsWith("</svg>");
    assertThat(svg.length()).isBetween(50_000, 400_000);
    assertThat(LandSvg.num(-5, 100)).isEqualTo("-.05");
    assertThat(LandSvg.num(1230, 100)).isEqualTo("12.3");
    assertThat(LandSvg.num(100, 100)).isEqualTo("1");
  }
}
