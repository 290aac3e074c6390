package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript bundle loads through DJL's PyTorch engine and classifies. There is no Python here,
 * so the model is a TorchScript archive written by hand: a zip with {@code code/__torch__.py} (the
 * module's source, which libtorch compiles at load), {@code data.pkl} (the pickled module object)
 * and {@code constants.pkl}. Its forward is the mean of each colour plane, so a red photo scores
 * class 0, green class 1, blue class 2: logits (1, 0, 0) for pure red with normalize=false.
 */
class TorchScriptBundleTest {

  @TempDir
  Path tmp;

  @Test
  void aTorchScriptBundleInstallsLoadsAndClassifies() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("usb/rgb-means"));
    writeMeanRgbModule(src.resolve("rgb.pt"));
    Files.writeString(src.resolve("labels.txt"),
        "Ara macao (Scarlet Macaw)\nPsittacula krameri (Rose-ringed Parakeet)\nAra ararauna (Blue-and-yellow Macaw)\n");
    Files.writeString(src.resolve(ServingConfig.FILE), "engine=PyTorch\nwidth=32\nheight=32\nresize=true\n"
        + "centerCrop=false\nnormalize=false\napplySoftmax=true\n");
    Map<String, BundleManifest.FileEntry> files = new LinkedHashMap<>();
    for (String f : List.of("rgb.pt", "labels.txt")) {
      files.put(f, new BundleManifest.FileEntry(ModelBundle.sha256(src.resolve(f)), null, null));
    }
    new BundleManifest("rgb-means", "1", "test: mean colour", "torchscript", "rgb.pt", "labels.txt", null,
        "CC0-1.0", null, files, BundleManifest.SPECIES, new BundleManifest.Clade(3, "Aves"), null, null)
        .write(src.resolve(BundleManifest.FILE));

    ModelBundle bundle = new BundleInstaller(tmp.resolve("models"), false, l -> { }).install(src.toString(), null);
    assertThat(bundle.verify()).isEmpty();
    assertThat(bundle.serving().applySoftmax()).isTrue();
    try (Classifier c = bundle.load()) {
      assertThat(c).isInstanceOf(TorchScriptClassifier.class);
      assertThat(c.inputSize()).isEqualTo(32);
      Classification red = c.classify(png(new Color(255, 0, 0)));
      assertThat(red.top().scientificName()).isEqualTo("Ara macao");
      double e = Math.E;
      assertThat(red.top().probability()).isCloseTo((float) (e / (e + 2)), within(1e-4f));
      assertThat(c.classify(png(new Color(0, 0, 255))).top().classIndex()).isEqualTo(2);
      assertThat(red.timings().inferenceNanos()).isPositive();
    }
  }

  private static byte[] png(Color color) throws IOException {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 64, 48);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** torch.jit.save's layout for a parameterless module whose forward is {@code x.mean([2, 3])}. */
  static void writeMeanRgbModule(Path file) throws IOException {
    String code = """
        class MeanRgb(Module):
          __parameters__ = []
          __buffers__ = []
          training : bool
          def forward(self: __torch__.MeanRgb,
            x: Tensor) -> Tensor:
            return torch.mean(x, [2, 3])
        """;
    ByteArrayOutputStream pickle = new ByteArrayOutputStream();
    pickle.write(new byte[] {(byte) 0x80, 2}); // PROTO 2
    pickle.writeBytes("c__torch__\nMeanRgb\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL class
    pickle.write(new byte[] {')', (byte) 0x81, '}'}); // EMPTY_TUPLE, NEWOBJ, EMPTY_DICT (the attributes)
    pickle.write(new byte[] {'X', 8, 0, 0, 0}); // BINUNICODE "training"
    pickle.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
    pickle.write(new byte[] {(byte) 0x89, 's', 'b', '.'}); // NEWFALSE (eval mode), SETITEM, BUILD, STOP
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      stored(zip, "rgb/data.pkl", pickle.toByteArray());
      stored(zip, "rgb/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
      stored(zip, "rgb/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
      stored(zip, "rgb/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }
}
