package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.refugium.testing.LabelledPhotoExport;

/**
 * The plant photo export's photos in headless Chromium: on the observation and taxon pages, in Russian and
 * English, every image decodes (naturalWidth > 0: none broken), its attribution and licence are printed beside it,
 * and the unmirrored photo is a placeholder, not an image. Screenshots go to target/screenshots/.
 */
class PhotoBrowserTest {

  @TempDir
  static Path tmp;
  static LabelledPhotoNode node;
  static ChromeDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    BrowserTest.requireChromium();
    node = LabelledPhotoNode.start(tmp, 2);
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
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static void open(String path) {
    driver.get(node.base() + path);
    wait.until(d -> "complete".equals(js("return document.readyState")));
  }

  /** Every photo image on the page, scrolled into view (they load lazily), decoded with a real width. */
  private static List<WebElement> photosAllDecoded(int atLeast) {
    List<WebElement> imgs = driver.findElements(By.cssSelector("img[src^='/photos/']"));
    assertThat(imgs).hasSizeGreaterThanOrEqualTo(atLeast);
    for (WebElement img : imgs) {
      js("arguments[0].scrollIntoView({block: 'center'})", img);
      wait.until(d -> Boolean.TRUE.equals(js("return arguments[0].complete", img)));
      assertThat(((Number) js("return arguments[0].naturalWidth", img)).intValue())
          .as(img.getAttribute("currentSrc")).isGreaterThan(0);
      assertThat(img.getAttribute("srcset")).contains(" 75w").contains(" 1024w");
      assertThat(img.getAttribute("loading")).isEqualTo("lazy");
    }
    return imgs;
  }

  @Test
  void observationPageInBothLanguages() throws Exception {
    LabelledPhotoExport.Photo p = node.photo(0);
    long obs = node.observationId(p);
    for (String lang : List.of("en", "ru")) {
      open("/observations/" + obs + "?locale=" + lang);
      photosAllDecoded(1);
      WebElement caption = driver.findElement(By.cssSelector("figure.photo figcaption"));
      assertThat(caption.getText()).contains(p.author())
          .contains(lang.equals("en") ? "Licence: CC BY" : "Лицензия: CC BY")
          .contains(lang.equals("en") ? "View larger" : "Открыть крупнее");
      BrowserTest.shot(driver, "photos-observation-" + lang);
    }
    // the larger view opens the largest mirrored size, and it is an image
    driver.findElement(By.cssSelector("figure.photo a.larger")).click();
    wait.until(d -> d.getCurrentUrl().endsWith("/photos/" + p.photoId() + "/large.jpg"));
    // decoded, not merely navigated to: the URL may name the image before the image document has it
    WebElement img = wait.until(d -> d.findElements(By.tagName("img")).stream().findFirst().orElse(null));
    wait.until(d -> Boolean.TRUE.equals(js("return arguments[0].complete", img)));
    assertThat(((Number) js("return arguments[0].naturalWidth", img)).intValue()).isGreaterThan(0);
  }

  @Test
  void unmirroredPhotoIsAPlaceholder() {
    LabelledPhotoExport.Photo p = node.photo(LabelledPhotoNode.UNMIRRORED);
    try {
      open("/observations/" + node.observationId(p) + "?locale=ru");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    assertThat(driver.findElements(By.cssSelector("img[src^='/photos/']"))).isEmpty();
    assertThat(driver.findElement(By.cssSelector("figure.photo .placeholder")).getText())
        .contains("Фотографии нет в этом зеркале");
  }

  @Test
  void taxonGridInBothLanguages() throws Exception {
    LabelledPhotoExport.Photo p = node.photo(0);
    for (String lang : List.of("en", "ru")) {
      open("/taxa/" + p.taxonId() + "?locale=" + lang);
      List<WebElement> imgs = photosAllDecoded(1);
      // each grid photo has its credit beside it, inside the same list item
      for (WebElement img : imgs) {
        WebElement item = img.findElement(By.xpath("ancestor::li[1]"));
        String credit = item.findElement(By.cssSelector(".attr")).getText();
        assertThat(credit).contains("CC");
        assertThat(node.export.photos().stream().anyMatch(x -> credit.contains(x.author()))).as(credit).isTrue();
      }
      BrowserTest.shot(driver, "photos-taxon-" + lang);
    }
  }
}
