package org.refugium.recognition;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * When and where a JPEG says it was taken: EXIF DateTimeOriginal (else DateTime) and the GPS position, for the
 * identify page's form as iNaturalist's uploader fills it (issue 14.4). Read from the APP1 segment's TIFF
 * structure, either byte order, as {@link JpegHeader} reads the orientation: a few tags do not justify a metadata
 * library. Anything missing or malformed is just absent.
 *
 * @param date null when the photo has none
 * @param lat  null (with lng) when the photo has no position, or 0/0, or out of range
 */
public record PhotoExif(LocalDate date, Double lat, Double lng) {

  static final PhotoExif NONE = new PhotoExif(null, null, null);

  private static final int EXIF_IFD = 0x8769;
  private static final int GPS_IFD = 0x8825;
  private static final int DATE_TIME_ORIGINAL = 0x9003;
  private static final int DATE_TIME = 0x0132;

  public boolean located() {
    return lat != null && lng != null;
  }

  /** Never throws: a photo without EXIF (or not a JPEG) gives {@link #NONE}. */
  public static PhotoExif read(byte[] d) {
    try {
      if (!JpegHeader.isJpeg(d)) {
        return NONE;
      }
      int p = 2;
      while (p + 4 <= d.length && (d[p] & 0xff) == 0xFF) {
        int marker = d[p + 1] & 0xff;
        if (marker == 0xFF) {
          p++;
          continue;
        }
        if (marker == 0xD9 || marker == 0xDA) {
          break;
        }
        int len = (d[p + 2] & 0xff) << 8 | d[p + 3] & 0xff;
        int body = p + 4;
        if (len < 2 || body + len - 2 > d.length) {
          break;
        }
        if (marker == 0xE1 && len > 8 && d[body] == 'E' && d[body + 1] == 'x' && d[body + 2] == 'i' && d[body + 3] == 'f') {
          return new Tiff(d, body + 6, body + len - 2).read();
        }
        p = body + len - 2;
      }
    } catch (RuntimeException e) {
      // a malformed EXIF block is no reason to refuse the photo
    }
    return NONE;
  }

  /** The TIFF structure inside APP1; offsets are relative to {@code base}. */
  private record Tiff(byte[] d, int base, int end) {

    PhotoExif read() {
      boolean little = d[base] == 'I';
      int ifd0 = (int) u32(4, little);
      LocalDate date = null;
      Integer exif = pointer(ifd0, EXIF_IFD, little);
      Integer when = exif == null ? null : entry(exif, DATE_TIME_ORIGINAL, little);
      if (when == null) {
        when = entry(ifd0, DATE_TIME, little);
      }
      if (when != null) {
        date = date(ascii(when, little));
      }
      Double lat = null;
      Double lng = null;
      Integer gps = pointer(ifd0, GPS_IFD, little);
      if (gps != null) {
        Integer la = entry(gps, 2, little);
        Integer lo = entry(gps, 4, little);
        if (la != null && lo != null) {
          double a = degrees(la, little);
          double o = degrees(lo, little);
          Integer laRef = entry(gps, 1, little);
          Integer loRef = entry(gps, 3, little);
          if (laRef != null && d[base + laRef + 8] == 'S') {
            a = -a;
          }
          if (loRef != null && d[base + loRef + 8] == 'W') {
            o = -o;
          }
          if (Math.abs(a) <= 90 && Math.abs(o) <= 180 && (a != 0 || o != 0)) {
            lat = Math.round(a * 1e5) / 1e5;
            lng = Math.round(o * 1e5) / 1e5;
          }
        }
      }
      return new PhotoExif(date, lat, lng);
    }

    /** The offset (from base) of the 12-byte entry of a tag in the IFD at {@code ifd}, or null. */
    private Integer entry(int ifd, int tag, boolean little) {
      if (base + ifd + 2 > end) {
        return null;
      }
      int n = u16(ifd, little);
      for (int i = 0; i < n; i++) {
        int e = ifd + 2 + 12 * i;
        if (base + e + 12 > end) {
          return null;
        }
        if (u16(e, little) == tag) {
          return e;
        }
      }
      return null;
    }

    private Integer pointer(int ifd, int tag, boolean little) {
      Integer e = entry(ifd, tag, little);
      return e == null ? null : (int) u32(e + 8, little);
    }

    private String ascii(int e, boolean little) {
      int count = (int) u32(e + 4, little);
      int at = count > 4 ? (int) u32(e + 8, little) : e + 8;
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < count && base + at + i < end && d[base + at + i] != 0; i++) {
        s.append((char) (d[base + at + i] & 0xff));
      }
      return s.toString();
    }

    /** Three RATIONALs: degrees, minutes, seconds. */
    private double degrees(int e, boolean little) {
      int at = (int) u32(e + 8, little);
      double out = 0;
      double[] scale = {1, 60, 3600};
      for (int i = 0; i < 3; i++) {
        long num = u32(at + 8 * i, little);
        long den = u32(at + 8 * i + 4, little);
        out += den == 0 ? 0 : (double) num / den / scale[i];
      }
      return out;
    }

    private static LocalDate date(String s) {
      if (s.length() < 10 || s.startsWith("0000")) {
        return null;
      }
      try {
        return LocalDate.parse(s.substring(0, 10).replace(':', '-'));
      } catch (DateTimeParseException e) {
        return null;
      }
    }

    private int u16(int at, boolean little) {
      int a = d[base + at] & 0xff;
      int b = d[base + at + 1] & 0xff;
      return little ? a | b << 8 : a << 8 | b;
    }

    private long u32(int at, boolean little) {
      long lo = u16(at + (little ? 0 : 2), little);
      long hi = u16(at + (little ? 2 : 0), little);
      return hi << 16 | lo;
    }
  }
}
