package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The taxon map in headless Chromium (as {@link BrowserTest}): the zoom script's buttons, wheel, click and drag change
 * the view and bring finer layers from this node; without JavaScript the server's map still shows its layers.
 * Taxon 49490 is observed once, east of Moscow (see {@link MapsTest}).
 */
class MapBrowserTest {

  @TempDir
  static Path tmp;
  static WebNode node;
  static ChromeDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    BrowserTest.requireChromium();
    node = WebNode.start(tmp);
    driver = BrowserTest.chrome(tmp);
    wait = new WebDriverWait(driver, BrowserTest.WAIT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (node != null) {
      node.close();
    }
  }

  private static Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  private static double[] viewBox() {
    @SuppressWarnings("unchecked")
    List<Number> v = (List<Number>) js("var b = document.querySelector('svg.map').viewBox.baseVal;"
        + "return [b.x, b.y, b.width, b.height];");
    return v.stream().mapToDouble(Number::doubleValue).toArray();
  }

  private static String level() {
    return (String) js("return document.querySelector('svg.map g.layers').getAttribute('data-level')");
  }

  /** The rendered size (pixels) of the map's province boundaries and the number of place and region names. */
  private static void assertLayersDrawn() {
    WebElement admin1 = driver.findElement(By.cssSelector("svg.map path.admin1"));
    assertThat(admin1.getRect().getWidth()).as("provinces drawn").isGreaterThan(100);
    assertThat(driver.findElements(By.cssSelector("svg.map g.regions text"))).isNotEmpty();
    assertThat(driver.findElement(By.cssSelector("svg.inset rect.inset-view")).getRect().getWidth()).isPositive();
  }

  @Test
  void zoomAndPanBringFinerLayers() throws Exception {
    driver.get(node.base() + "/taxa/49490?locale=ru");
    wait.until(d -> !d.findElements(By.cssSelector(".mapzoom button")).isEmpty());
    assertLayersDrawn();
    double[] start = viewBox();
    assertThat(start[2]).isEqualTo(20);
    assertThat(level()).isEqualTo("coarse");

    // the + button halves the view and the layers for 10° come from /map/layers at medium detail
    driver.findElement(By.cssSelector(".mapzoom button")).click();
    wait.until(d -> viewBox()[2] == 10 && "medium".equals(level()));
    assertThat(driver.findElement(By.cssSelector(".mapzoom button")).getAttribute("aria-label")).isEqualTo("Приблизить");

    // the wheel zooms in at the pointer
    WebElement svg = driver.findElement(By.cssSelector("svg.map"));
    new Actions(driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(svg), 0, -120).perform();
    wait.until(d -> viewBox()[2] < 10);

    // a drag pans (east to west: the view moves west) and is not taken for a click (no zoom)
    double[] before = viewBox();
    new Actions(driver).moveToElement(svg, -150, -80).clickAndHold().moveByOffset(60, 0).moveByOffset(60, 0)
        .release().perform();
    wait.until(d -> viewBox()[0] < before[0] - 0.5);
    assertThat(viewBox()[2]).isEqualTo(before[2]);

    // a click on the map (away from the dot) zooms in there, down to fine detail
    double width = viewBox()[2];
    new Actions(driver).moveToElement(svg, -150, -80).click().perform();
    wait.until(d -> viewBox()[2] < width * 0.6 && "fine".equals(level()));
    assertThat(driver.findElements(By.cssSelector("svg.map g.layers path.admin1"))).hasSize(1);
    BrowserTest.shot(driver, "map-zoomed-ru");

    // nothing was fetched from outside the node
    @SuppressWarnings("unchecked")
    List<String> urls = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)");
    assertThat(urls).anyMatch(u -> u.contains("/map/layers?"))
        .allSatisfy(u -> assertThat(u).startsWith(node.base() + "/"));
  }

  @Test
  void withoutJavaScriptTheMapStillShowsItsLayers() throws Exception {
    driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
    try {
      driver.get(node.base() + "/taxa/24268?locale=en");
      assertThat(driver.findElements(By.cssSelector(".mapzoom"))).as("the script did not run").isEmpty();
      assertLayersDrawn();
      assertThat(driver.findElement(By.cssSelector("svg.map path.rivers")).getRect().getWidth()).isGreaterThan(20);
      assertThat(driver.findElements(By.cssSelector("svg.map g.obs a circle.dot"))).hasSize(1);
      BrowserTest.shot(driver, "map-nojs-en");
    } finally {
      driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", false));
    }
  }
}
