package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  private final ImageDecoder decoder = new ImageDecoder();

  private BufferedImage decode(String photo) throws Exception {
    return decoder.decode(Files.readAllBytes(SharedFiles.photo("camera-traps/" + photo)));
  }

  /** Mean absolute difference per channel, on a sparse grid. */
  private static double meanDiff(BufferedImage a, BufferedImage b) {
    assertThat(b.getWidth()).isEqualTo(a.getWidth());
    assertThat(b.getHeight()).isEqualTo(a.getHeight());
    double sum = 0;
    int n = 0;
    for (int y = 0; y < a.getHeight(); y += 7) {
      for (int x = 0; x < a.getWidth(); x += 7) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift < 24; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
          n++;
        }
      }
    }
    return sum / n;
  }

  @Test
  void cmykJpegMatchesTheRgbOriginal() throws Exception {
    BufferedImage rgb = decode("african_elephants.jpg");
    BufferedImage cmyk = decode("african_elephants_cmyk.jpg");
    assertThat(cmyk.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(meanDiff(rgb, cmyk)).isLessThan(3);
  }

  @Test
  void exifOrientationIsApplied() throws Exception {
    BufferedImage upright = decode("african_elephants.jpg");
    // stored 1536x2048 with orientation 6: must come out as the 2048x1536 original
    BufferedImage rotated = decode("african_elephants_with_exif_orientation.jpg");
    assertThat(meanDiff(upright, rotated)).isLessThan(3);
  }

  @Test
  void greyJpegBecomesRgbWithoutGammaShift() throws Exception {
    BufferedImage colour = decode("african_elephants.jpg");
    BufferedImage grey = decode("african_elephants_bw.jpg");
    assertThat(grey.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    int p = grey.getRGB(1000, 700);
    assertThat((p >> 16) & 0xff).isEqualTo(p & 0xff).isEqualTo((p >> 8) & 0xff);
    // the grey version is the luma of the colour one: means must agree
    assertThat(Math.abs(meanLuma(colour) - meanLuma(grey))).isLessThan(3);
  }

  private static double meanLuma(BufferedImage img) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < img.getHeight(); y += 5) {
      for (int x = 0; x < img.getWidth(); x += 5) {
        int p = img.getRGB(x, y);
        sum += 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
        n++;
      }
    }
    return sum / n;
  }

  @Test
  void truncatedJpegIsUnreadable() {
    assertThatThrownBy(() -> decode("african_elephants_truncated_file.jpg"))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void textIsUnreadable() throws Exception {
    byte[] text = Files.readAllBytes(SharedFiles.photo("labels.csv"));
    assertThatThrownBy(() -> decoder.decode(text))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("not an image");
    assertThatThrownBy(() -> decoder.decode(new byte[0]))
        .isInstanceOf(UnreadableImageException.class);
  }

  @Test
  void thePixelLimitIsInclusiveAndNamedInMegapixels() throws Exception {
    byte[] jpeg = Files.readAllBytes(SharedFiles.photo("camera-traps/african_elephants.jpg"));
    assertThat(new ImageDecoder(2048L * 1536).decode(jpeg).getWidth()).isEqualTo(2048);
    assertThatThrownBy(() -> new ImageDecoder(2048L * 1536 - 1).decode(jpeg))
        .isInstanceOf(UnreadableImageException.class).hasMessageContaining("2048x1536");
    assertThatThrownBy(() -> new ImageDecoder(3_000_000).decode(jpeg))
        .hasMessageContaining("over the limit of 3 megapixels");
  }

  @Test
  void pixelLimitIsCheckedFromTheHeader() throws Exception {
    byte[] jpeg = Files.readAllBytes(SharedFiles.photo("camera-traps/african_elephants.jpg"));
    assertThatThrownBy(() -> new ImageDecoder(1_000_000).decode(jpeg))
        .isInstanceOfSatisfying(UnreadableImageException.class,
            e -> assertThat(e.isTooLarge()).isTrue())
        .hasMessageContaining("2048x1536");
  }

  @Test
  void orientationsMapStoredPixelsUpright() {
    // stored 3x2: a b c / d e f
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    int[] v = {1, 2, 3, 4, 5, 6};
    img.getRaster().setDataElements(0, 0, 3, 2, v);
    assertThat(pixels(Orientation.apply(img, 1))).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(pixels(Orientation.apply(img, 2))).containsExactly(3, 2, 1, 6, 5, 4);
    assertThat(pixels(Orientation.apply(img, 3))).containsExactly(6, 5, 4, 3, 2, 1);
    assertThat(pixels(Orientation.apply(img, 4))).containsExactly(4, 5, 6, 1, 2, 3);
    assertThat(pixels(Orientation.apply(img, 5))).containsExactly(1, 4, 2, 5, 3, 6);
    assertThat(pixels(Orientation.apply(img, 6))).containsExactly(4, 1, 5, 2, 6, 3);
    assertThat(pixels(Orientation.apply(img, 7))).containsExactly(6, 3, 5, 2, 4, 1);
    assertThat(pixels(Orientation.apply(img, 8))).containsExactly(3, 6, 2, 5, 1, 4);
  }

  private static int[] pixels(BufferedImage img) {
    return (int[]) img.getRaster().getDataElements(0, 0, img.getWidth(), img.getHeight(), null);
  }

  /**
   * Issue #16 item 2: a progressive JPEG's decode cost grows with its scans. A real progressive JPEG (ImageIO's
   * ~10 scans) decodes; the same file with its last scan repeated 150 times is refused from a byte walk, before
   * any decoding, with a message that says what to do.
   */
  @Test
  void aJpegWithCraftedScansIsRefusedBeforeDecoding() throws Exception {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(320, 240,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 240; y++) {
      for (int x = 0; x < 320; x++) {
        img.setRGB(x, y, (x * 7) ^ (y * 13) * 0x010101);
      }
    }
    javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
    javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
    param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (var ios = javax.imageio.ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
    }
    writer.dispose();
    byte[] progressive = out.toByteArray();
    int scans = JpegHeader.countScans(progressive);
    assertThat(scans).as("ImageIO's progressive JPEG").isBetween(2, 20);
    assertThat(new ImageDecoder().decode(progressive).getWidth()).isEqualTo(320);

    int lastScan = -1;
    for (int i = 0; i + 1 < progressive.length; i++) {
      if ((progressive[i] & 0xff) == 0xFF && (progressive[i + 1] & 0xff) == 0xDA) {
        lastScan = i;
      }
    }
    int end = progressive.length - 2; // EOI
    java.io.ByteArrayOutputStream crafted = new java.io.ByteArrayOutputStream();
    crafted.write(progressive, 0, end);
    for (int i = 0; i < 150; i++) {
      crafted.write(progressive, lastScan, end - lastScan);
    }
    crafted.write(progressive, end, 2);
    byte[] bomb = crafted.toByteArray();
    assertThat(JpegHeader.countScans(bomb)).isEqualTo(scans + 150);
    assertThatThrownBy(() -> new ImageDecoder().decode(bomb)).isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining(scans + 150 + " scans").hasMessageContaining("baseline JPEG");
  }
}
