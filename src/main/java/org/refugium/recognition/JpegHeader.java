package org.refugium.recognition;

/**
 * What we need from a JPEG's marker segments before decoding: the component count (4 means
 * CMYK or YCCK, which ImageIO's reader cannot colour-convert), the Adobe APP14 transform, and
 * the EXIF orientation (ImageIO ignores it). We parse these few bytes ourselves rather than
 * pull in a metadata library.
 */
record JpegHeader(int components, int adobeTransform, boolean adobe, int orientation) {

  static final JpegHeader NONE = new JpegHeader(3, -1, false, 1);

  static boolean isJpeg(byte[] d) {
    return d.length > 3 && (d[0] & 0xff) == 0xFF && (d[1] & 0xff) == 0xD8;
  }

  /** Scans segments from SOI to SOS; anything malformed just ends the scan. */
  static JpegHeader scan(byte[] d) {
    int components = 3;
    int transform = -1;
    boolean adobe = false;
    int orientation = 1;
    int p = 2;
    while (p + 4 <= d.length) {
      if ((d[p] & 0xff) != 0xFF) {
        break;
      }
      int marker = d[p + 1] & 0xff;
      if (marker == 0xFF) { // fill byte
        p++;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) { // EOI or start of scan: headers are over
        break;
      }
      int len = u16(d, p + 2, false);
      int body = p + 4;
      if (len < 2 || body + len - 2 > d.length) {
        break;
      }
      if (marker == 0xE1 && startsWith(d, body, "Exif\0\0")) {
        orientation = exifOrientation(d, body + 6, body + len - 2);
      } else if (marker == 0xEE && len >= 14 && startsWith(d, body, "Adobe")) {
        adobe = true;
        transform = d[body + 11] & 0xff;
      } else if (isStartOfFrame(marker) && len >= 8) {
        components = d[body + 5] & 0xff;
      }
      p = body + len - 2;
    }
    return new JpegHeader(components, transform, adobe, orientation);
  }

  /**
   * The number of scans (SOS markers) in the whole file: a walk over the segments and the entropy-coded data
   * between them (a byte pass, no decoding). A progressive JPEG's decode cost grows with its scan count, which
   * its header alone does not tell: a few hundred KB of crafted scans cost minutes of CPU to decode.
   */
  static int countScans(byte[] d) {
    int scans = 0;
    int p = 2;
    while (p + 1 < d.length) {
      if ((d[p] & 0xff) != 0xFF) {
        p++; // entropy-coded data
        continue;
      }
      int marker = d[p + 1] & 0xff;
      if (marker == 0x00 || marker == 0xFF || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        p++; // a stuffed zero, a fill byte, a restart marker or TEM: no length follows
        continue;
      }
      if (marker == 0xD9) {
        break;
      }
      if (marker == 0xDA) {
        scans++;
      }
      if (p + 3 >= d.length) {
        break;
      }
      p += 2 + u16(d, p + 2, false); // past the segment; a scan's data follows its header
    }
    return scans;
  }

  private static boolean isStartOfFrame(int m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }

  /** TIFF header, IFD0, tag 0x0112 (SHORT); 1 when absent or out of range. */
  private static int exifOrientation(byte[] d, int tiff, int end) {
    if (tiff + 8 > end) {
      return 1;
    }
    boolean little = d[tiff] == 'I' && d[tiff + 1] == 'I';
    if (!little && !(d[tiff] == 'M' && d[tiff + 1] == 'M')) {
      return 1;
    }
    long ifd = tiff + u32(d, tiff + 4, little);
    if (ifd + 2 > end) {
      return 1;
    }
    int count = u16(d, (int) ifd, little);
    for (int i = 0; i < count; i++) {
      int entry = (int) ifd + 2 + 12 * i;
      if (entry + 12 > end) {
        break;
      }
      if (u16(d, entry, little) == 0x0112) {
        int value = u16(d, entry + 8, little);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  private static boolean startsWith(byte[] d, int at, String s) {
    if (at + s.length() > d.length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (d[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] d, int at, boolean little) {
    int a = d[at] & 0xff;
    int b = d[at + 1] & 0xff;
    return little ? a | b << 8 : a << 8 | b;
  }

  private static long u32(byte[] d, int at, boolean little) {
    long lo = u16(d, at + (little ? 0 : 2), little);
    long hi = u16(d, at + (little ? 2 : 0), little);
    return hi << 16 | lo;
  }
}
