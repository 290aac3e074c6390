package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on every shared photo (labels.csv): a bird photo never gets an insect top-1, an insect
 * photo never a bird, and photos of neither group get no specialist at all. Prints the table that
 * docs/recognition.md quotes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatingTest {

  private Recognizer recognizer;

  @BeforeAll
  void load(@TempDir Path models) throws Exception {
    Path shared = SharedFiles.require(SharedFiles.MODELS);
    BundleInstaller installer = new BundleInstaller(models, false, l -> { });
    for (String name : BundleCatalogue.names()) {
      installer.install(name, shared);
    }
    recognizer = Recognizer.load(ModelBundle.installed(models), ImageDecoder.DEFAULT_MAX_PIXELS, l -> { });
  }

  @AfterAll
  void close() {
    if (recognizer != null) {
      recognizer.close();
    }
  }

  @Test
  void birdsAndInsectsNeverCross() throws Exception {
    Path photos = SharedFiles.require("data/photos");
    List<String> rows = Files.readAllLines(photos.resolve("labels.csv"));
    List<String> table = new ArrayList<>();
    int birds = 0;
    int insects = 0;
    for (String row : rows.subList(1, rows.size())) {
      String file = row.substring(0, row.indexOf(','));
      if (file.contains("truncated")) {
        continue;
      }
      boolean bird = file.startsWith("wikimedia-birds/") || file.matches(".*(parrot|owl|bird\\.bmp|willet).*");
      boolean insect = file.contains("dragonfly");
      Recognizer.Recognition r = recognizer.recognize(Files.readAllBytes(photos.resolve(file)), null);
      String top = r.scores().isEmpty() ? "-" : r.scores().get(0).bundle().name();
      table.add(String.format("%-50s %s -> %s %s", file, uses(r), top,
          r.scores().isEmpty() ? "" : r.scores().get(0).label().text()));
      if (bird) {
        birds++;
        assertThat(top).as(file + " " + uses(r)).isNotEqualTo("coral-inat-insects");
      }
      if (insect) {
        insects++;
        assertThat(top).as(file + " " + uses(r)).isEqualTo("coral-inat-insects");
      }
      if (file.matches(".*(vehicle|blank|sunflower).*")) {
        assertThat(top).as(file + " " + uses(r)).isEqualTo("-");
      }
    }
    table.forEach(System.out::println);
    assertThat(birds).isGreaterThanOrEqualTo(12);
    assertThat(insects).isEqualTo(1);
  }

  private static String uses(Recognizer.Recognition r) {
    StringBuilder sb = new StringBuilder();
    for (Recognizer.BundleUse u : r.bundles()) {
      if (u.groupMass() != null) {
        sb.append(String.format("%s=%.2f%s ", u.name().replace("coral-inat-", ""), u.groupMass(),
            u.weight() > 0 ? "*" : ""));
      }
    }
    return sb.toString().strip();
  }
}
