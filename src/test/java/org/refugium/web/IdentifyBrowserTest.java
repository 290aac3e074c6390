package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.refugium.testing.SharedData;

/**
 * The identify page in headless Chromium with the Coral bird bundle: the parrot uploaded through the file
 * input (rendered in place from score_image's JSON), then a click on the map at Milwaukee re-ranks with
 * "seen nearby". Screenshots target/screenshots/identify-*.png.
 */
class IdentifyBrowserTest {

  @TempDir
  static Path tmp;
  static WebNode node;
  static ChromeDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    BrowserTest.requireChromium();
    node = WebNode.start(tmp, "coral-inat-birds");
    driver = BrowserTest.chrome(tmp);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
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

  private static void open(String path) {
    driver.get(node.base() + path);
    wait.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
  }

  private static List<WebElement> cards() {
    return driver.findElements(By.cssSelector("#identify-answer .idcard"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void parrotUploadedThroughThePageThenPlacedAtMilwaukee() throws Exception {
    open("/identify?locale=en");
    WebElement map = driver.findElement(By.cssSelector("[data-pointpicker] svg.map"));
    assertThat(map.isDisplayed()).isTrue(); // the script showed the picker
    Path parrot = SharedData.data("photos/open-images/parrot.jpg").toAbsolutePath();
    driver.findElement(By.id("image")).sendKeys(parrot.toString());

    wait.until(d -> !cards().isEmpty());
    assertThat(cards()).hasSize(10);
    WebElement first = cards().get(0);
    assertThat(first.findElement(By.cssSelector(".sci")).getText()).isEqualTo("Ara macao");
    assertThat(first.getText()).contains("Scarlet Macaw").contains("Not in this archive");
    assertThat(first.findElements(By.tagName("a"))).isEmpty(); // not in the archive: no taxon page
    WebElement preview = driver.findElement(By.cssSelector(".preview img"));
    wait.until(d -> ((Number) driver.executeScript("return arguments[0].naturalWidth", preview)).intValue() > 0);
    BrowserTest.shot(driver, "identify-en");

    // a click on the map at Milwaukee (43.06 N, 87.88 W): offsets from the map's centre, plate carrée
    var size = map.getSize();
    new Actions(driver).moveToElement(map, (int) Math.round(-87.88 / 360 * size.getWidth()),
        (int) Math.round(-43.06 / 180 * size.getHeight())).click().perform();
    double lat = Double.parseDouble(driver.findElement(By.name("lat")).getAttribute("value"));
    double lng = Double.parseDouble(driver.findElement(By.name("lng")).getAttribute("value"));
    assertThat(lat).isCloseTo(43.06, org.assertj.core.data.Offset.offset(1.0));
    assertThat(lng).isCloseTo(-87.88, org.assertj.core.data.Offset.offset(1.0));
    assertThat(map.findElement(By.cssSelector("circle.marker")).getAttribute("visibility")).isEqualTo("visible");

    // the point re-runs the recognition: the sample's Ruddy Turnstone is seen nearby, with its page and photo
    wait.until(d -> !d.findElements(By.cssSelector("#identify-answer .badge.nearby")).isEmpty());
    WebElement turnstone = driver.findElement(By.xpath("//li[@class='idcard'][.//a[@href='/taxa/3938']]"));
    assertThat(turnstone.getText()).contains("Seen nearby").contains("Arenaria interpres");
    WebElement photo = turnstone.findElement(By.cssSelector(".thumb img"));
    wait.until(d -> ((Number) driver.executeScript("return arguments[0].naturalWidth", photo)).intValue() > 0);
    assertThat(driver.findElement(By.cssSelector("#identify-answer .ancestor a")).getAttribute("href"))
        .endsWith("/taxa/3937");
    BrowserTest.shot(driver, "identify-nearby-en");
    List<String> urls = (List<String>) driver.executeScript(
        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])");
    assertThat(urls).allSatisfy(u -> assertThat(u).startsWith(node.base() + "/"));

    // a file that is not an image: the server's message
    Path notes = java.nio.file.Files.writeString(tmp.resolve("notes.txt"), "not a photo");
    driver.findElement(By.id("image")).sendKeys(notes.toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#identify-answer .error")));
    assertThat(driver.findElement(By.cssSelector("#identify-answer .error")).getText())
        .startsWith("The photo could not be identified:");

    // Russian, phone width: fits
    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      open("/identify?locale=ru");
      driver.findElement(By.id("image")).sendKeys(parrot.toString());
      wait.until(d -> !cards().isEmpty());
      assertThat(cards().get(0).getText()).contains("Ara macao").contains("Нет в этом архиве");
      BrowserTest.shot(driver, "identify-phone-ru");
      long overflow = ((Number) driver.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
          .longValue();
      Object wide = driver.executeScript("return Array.from(document.querySelectorAll('body *'))"
          + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
          + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)");
      assertThat(overflow).as("fits a phone's width; too wide: %s", wide).isLessThanOrEqualTo(0);
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }
}
