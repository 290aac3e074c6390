package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

/**
 * CMYK and YCCK rasters to RGB, pixel by pixel, with values worked out by hand from the conventions the class
 * comment cites: Adobe files store inverted CMYK (255 = no ink, R = C·K/255 rounded); plain CMYK is 255 = full ink;
 * YCCK goes through JFIF's YCbCr → RGB and libjpeg's C = 255 − R (ycck_cmyk_convert), K as stored.
 * ImageDecoderTest compares a real CMYK photo with its RGB original only within a tolerance.
 */
class CmykTest {

  private static Raster raster(int[]... pixels) {
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, pixels.length, 1, 4, null);
    for (int x = 0; x < pixels.length; x++) {
      r.setPixel(x, 0, pixels[x]);
    }
    return r;
  }

  private static int[] rgb(BufferedImage img) {
    int[] out = new int[img.getWidth()];
    for (int x = 0; x < out.length; x++) {
      out[x] = img.getRGB(x, 0) & 0xFFFFFF;
    }
    return out;
  }

  @Test
  void adobeInvertedCmyk() {
    BufferedImage img = Cmyk.toRgb(raster(new int[] {255, 255, 255, 255}, new int[] {128, 64, 0, 200}),
        new JpegHeader(4, 0, true, 1));
    assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    // (128·200 + 127) / 255 = 100, (64·200 + 127) / 255 = 50, 127 / 255 = 0
    assertThat(rgb(img)).containsExactly(0xFFFFFF, 0x643200);
  }

  @Test
  void plainCmykIsInkAmounts() {
    // 255 − (127, 191, 255, 55) = (128, 64, 0, 200): the second pixel above
    BufferedImage img = Cmyk.toRgb(raster(new int[] {127, 191, 255, 55}, new int[] {0, 0, 0, 0}),
        new JpegHeader(4, -1, false, 1));
    assertThat(rgb(img)).containsExactly(0x643200, 0xFFFFFF);
  }

  @Test
  void ycckGoesThroughYcbcr() {
    BufferedImage img = Cmyk.toRgb(raster(
        // Y 100, Cr +72: R = round(100 + 1.402·72) = 201, G = round(100 − 0.714136·72) = 49, B = 100
        //   → C, M, Y = 54, 206, 155; with K = 255: (54, 206, 155)
        new int[] {100, 128, 200, 255},
        // Y 100, Cb −78: R = 100, G = round(100 + 0.344136·78) = 127, B = 100 − 1.772·78 < 0 → 0 → (155, 128, 255)
        new int[] {100, 50, 128, 255},
        // Y 250, Cr +127: R = 428 → 255, G = round(250 − 0.714136·127) = 159, B = 250 → (0, 96, 5)
        new int[] {250, 128, 255, 255},
        // Y 0, Cr −128: R < 0 → 0, G = round(0.714136·128) = 91, B = 0 → (255, 164, 255)
        new int[] {0, 128, 0, 255},
        // K = 128 halves (rounded): Y 100 neutral → C = 155 → (155·128 + 127) / 255 = 78
        new int[] {100, 128, 128, 128}), new JpegHeader(4, 2, true, 1));
    assertThat(rgb(img)).containsExactly(0x36CE9B, 0x9B80FF, 0x006005, 0xFFA4FF, 0x4E4E4E);
  }
}
