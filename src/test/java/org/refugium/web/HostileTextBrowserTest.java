package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Stored XSS in a real browser (issue #17): the hostile copy of the sample ({@link HostileTextPagesTest}: every
 * observer's and taxon's name starts with {@code <img src=x onerror=alert(1)>}) opened in headless Chromium. On every
 * page the markup must be text the reader sees, no element of it may exist in the DOM, and no script of it may run
 * (alert, confirm and prompt are replaced before any page script by a counter).
 */
class HostileTextBrowserTest {

  /** Installed before each document's own scripts: counts what an injected handler would call. */
  private static final String TRAP = "window.__hostile = 0;"
      + "for (const f of ['alert', 'confirm', 'prompt']) { window[f] = function () { window.__hostile++; }; }";

  @TempDir
  static Path tmp;
  static HostileTextPagesTest.Node node;
  static ChromeDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    BrowserTest.requireChromium();
    node = HostileTextPagesTest.startHostileNode(tmp);
    driver = BrowserTest.chrome(tmp);
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", TRAP));
    wait = new WebDriverWait(driver, BrowserTest.WAIT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (node != null) {
      node.server().close();
    }
  }

  private Object js(String script) {
    return driver.executeScript(script);
  }

  @Test
  void theHostileNamesAreTextOnEveryPageAndNothingOfThemRuns() {
    List<String> pages = node.pagesWithNames();
    assertThat(pages).hasSize(15);
    for (String page : pages) {
      driver.get("http://127.0.0.1:" + node.server().port() + page);
      wait.until(d -> "complete".equals(js("return document.readyState")));
      // the trap is in place (else a zero below would prove nothing)
      assertThat(js("return typeof window.__hostile")).as(page).isEqualTo("number");
      // the reader sees the markup as text ...
      assertThat((String) js("return document.body.innerText")).as(page).contains(HostileTextPagesTest.RAW);
      // ... and the DOM holds none of it: no <img src=x>, no element with an onerror attribute
      assertThat(js("return document.querySelectorAll('img[src=\"x\"], [onerror]').length")).as(page)
          .isEqualTo(0L);
      // an <img src=x> fails at once; its error event has fired by the load event, so a handler would have run
      assertThat(js("return window.__hostile")).as(page).isEqualTo(0L);
    }
  }
}
