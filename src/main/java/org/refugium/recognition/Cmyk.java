package org.refugium.recognition;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * CMYK and YCCK JPEGs, which ImageIO decodes only as raw 4-band rasters. A naive conversion
 * without ICC profiles: good enough for recognition, not for printing.
 *
 * <p>Files with an Adobe APP14 segment (Photoshop, Pillow, libjpeg) store inverted CMYK,
 * 255 = no ink; for those R = C*K/255. YCCK (Adobe transform 2) has YCbCr in place of CMY:
 * we turn it into CMYK the way libjpeg does (C = 255 - R of the YCbCr->RGB conversion, K as
 * stored), which gives the same Adobe-inverted CMYK as transform 0.
 */
final class Cmyk {

  private Cmyk() {}

  static BufferedImage toRgb(Raster raster, JpegHeader header) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    int[] s = new int[4 * w];
    boolean ycck = header.adobeTransform() == 2;
    boolean inverted = header.adobe();
    for (int y = 0; y < h; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, s);
      for (int x = 0; x < w; x++) {
        int c = s[4 * x];
        int m = s[4 * x + 1];
        int yy = s[4 * x + 2];
        int k = s[4 * x + 3];
        if (ycck) {
          // YCbCr -> RGB (JFIF), then C = 255 - R etc. (libjpeg's ycck_cmyk_convert)
          float luma = c;
          float cb = m - 128f;
          float cr = yy - 128f;
          c = 255 - clamp(Math.round(luma + 1.402f * cr));
          m = 255 - clamp(Math.round(luma - 0.344136f * cb - 0.714136f * cr));
          yy = 255 - clamp(Math.round(luma + 1.772f * cb));
        }
        if (!inverted) {
          c = 255 - c;
          m = 255 - m;
          yy = 255 - yy;
          k = 255 - k;
        }
        // Now 255 means no ink: channel = (255-ink_c) * (255-ink_k) / 255.
        int r = (c * k + 127) / 255;
        int g = (m * k + 127) / 255;
        int b = (yy * k + 127) / 255;
        px[y * w + x] = r << 16 | g << 8 | b;
      }
    }
    return out;
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }
}
