package org.refugium.recognition;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * EXIF orientation (TIFF tag 0x0112): how the stored pixels must be flipped/rotated to be
 * upright. Cameras store sensor order and set the tag; classifiers were trained upright.
 */
final class Orientation {

  private Orientation() {}

  /** {@code img} must be TYPE_INT_RGB; returns it unchanged for orientation 1. */
  static BufferedImage apply(BufferedImage img, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return img;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] src = (int[]) img.getRaster().getDataElements(0, 0, w, h, null);
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        // (sx, sy): the stored pixel that shows at upright (x, y)
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }             // mirrored
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }     // 180
          case 4 -> { sx = x; sy = h - 1 - y; }             // flipped
          case 5 -> { sx = y; sy = x; }                     // transposed
          case 6 -> { sx = y; sy = h - 1 - x; }             // rotate 90 clockwise
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }     // transversed
          default -> { sx = w - 1 - y; sy = x; }            // 8: rotate 90 counter-clockwise
        }
        dst[y * ow + x] = src[sy * w + sx];
      }
    }
    return out;
  }
}
