package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelTest {

  @Test
  void splitsScientificAndCommonName() {
    Label l = Label.parse("Ara macao (Scarlet Macaw)");
    assertThat(l.scientificName()).isEqualTo("Ara macao");
    assertThat(l.commonName()).isEqualTo("Scarlet Macaw");
    // two Coral bird labels have parentheses inside the common name
    Label harrier = Label.parse("Circus cyaneus hudsonius (Northern Harrier (American))");
    assertThat(harrier.scientificName()).isEqualTo("Circus cyaneus hudsonius");
    assertThat(harrier.commonName()).isEqualTo("Northern Harrier (American)");
    assertThat(Label.parse("Haemorhous cassinii (Cassin's Finch)").commonName())
        .isEqualTo("Cassin's Finch");
  }

  @Test
  void otherLabelsKeepOnlyTheirText() {
    Label bg = Label.parse("background");
    assertThat(bg.text()).isEqualTo("background");
    assertThat(bg.scientificName()).isNull();
    assertThat(Label.parse("tench, Tinca tinca").commonName()).isNull();
  }

  @Test
  void lineNumberIsClassIndexUnlessEveryLineIsIndexed(@TempDir Path dir) throws Exception {
    Path plain = Files.writeString(dir.resolve("a.txt"), "background\nAra macao (Scarlet Macaw)\n");
    assertThat(Label.read(plain)).extracting(Label::text)
        .containsExactly("background", "Ara macao (Scarlet Macaw)");
    Path indexed = Files.writeString(dir.resolve("b.txt"),
        "1 Ara macao (Scarlet Macaw)\n0 background\n");
    List<Label> labels = Label.read(indexed);
    assertThat(labels.get(0).text()).isEqualTo("background");
    assertThat(labels.get(1).scientificName()).isEqualTo("Ara macao");
  }

  @Test
  void birdLabelFileHasBackgroundLast() throws Exception {
    List<Label> labels = Label.read(SharedFiles.labels("inat_bird_labels.txt"));
    assertThat(labels).hasSize(965);
    assertThat(labels.get(923).scientificName()).isEqualTo("Ara macao");
    assertThat(labels.get(964).text()).isEqualTo("background");
  }
}
