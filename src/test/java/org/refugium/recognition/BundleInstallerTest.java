package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing bundles: from the catalogue with --from, sha256 checks, offline downloads, re-installs. */
class BundleInstallerTest {

  @TempDir
  Path tmp;

  @Test
  void installsACatalogueBundleFromALocalFolderAndVerifiesIt() throws Exception {
    Path shared = SharedFiles.require("models");
    ModelBundle b = new BundleInstaller(tmp.resolve("models"), false, l -> { }).install("coral-inat-birds", shared);
    assertThat(b.directory()).isEqualTo(tmp.resolve("models/coral-inat-birds"));
    assertThat(b.verify()).isEmpty();
    assertThat(b.manifest().installedAt()).isNotNull();
    assertThat(b.manifest().covers().taxonId()).isEqualTo(3);
    assertThat(Files.readString(b.directory().resolve(ServingConfig.FILE))).contains("width=224", "centerCrop=false");
    assertThat(ModelBundle.installed(tmp.resolve("models"))).hasSize(1);
    // a second install refuses to overwrite; --force replaces
    assertThatThrownBy(() -> new BundleInstaller(tmp.resolve("models"), false, l -> { })
        .install("coral-inat-birds", shared)).hasMessageContaining("already installed");
    new BundleInstaller(tmp.resolve("models"), true, l -> { }).install("coral-inat-birds", shared);
    // a bundle directory installs elsewhere too (copy from a USB stick that holds bundles)
    ModelBundle copy = new BundleInstaller(tmp.resolve("other"), false, l -> { }).install(b.directory().toString(), null);
    assertThat(copy.verify()).isEmpty();
  }

  @Test
  void aDamagedFileIsRefusedAndLeavesNothingBehind() throws Exception {
    Path from = Files.createDirectories(tmp.resolve("usb"));
    Files.writeString(from.resolve("inat_bird_labels.txt"), "not the real labels\n");
    Files.copy(SharedFiles.model("inat_bird_quant"), from.resolve("mobilenet_v2_1.0_224_inat_bird_quant.tflite"));
    Path models = tmp.resolve("models");
    assertThatThrownBy(() -> new BundleInstaller(models, false, l -> { }).install("coral-inat-birds", from))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("inat_bird_labels.txt: sha256 is")
        .hasMessageContaining("expects a16108dfe3f8");
    try (var left = Files.list(models)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void offlineDownloadFailsWithAClearMessage() {
    assertThatThrownBy(() -> new BundleInstaller(tmp, false, l -> { }).install("http://127.0.0.1:9/bundle.json", null))
        .hasMessageContaining("cannot download http://127.0.0.1:9/bundle.json")
        .hasMessageContaining("--from DIR");
  }

  @Test
  void unknownSourceNamesTheCatalogue() {
    assertThatThrownBy(() -> new BundleInstaller(tmp, false, l -> { }).install("coral-inat-fish", null))
        .hasMessageContaining("coral-inat-birds, coral-inat-insects, coral-imagenet");
  }

  @Test
  void aTamperedInstalledBundleFailsVerify() throws Exception {
    Path shared = SharedFiles.require("models");
    ModelBundle b = new BundleInstaller(tmp, false, l -> { }).install("coral-inat-insects", shared);
    Files.writeString(b.labelsFile(), "x\n", java.nio.file.StandardOpenOption.APPEND);
    assertThat(b.verify()).singleElement().asString().startsWith("inat_insect_labels.txt: sha256");
  }
}
