package org.refugium.testing;

import java.nio.file.Path;

/** A real photo with a hand-written EXIF block: the identify page's "date and place from the photo" tests. */
public final class ExifJpeg {

  private ExifJpeg() {}

  /**
   * The photo with an EXIF APP1 segment put right after SOI: DateTimeOriginal 2022:01:20 10:00:00 and GPS
   * 43° 3' 36" N, 87° 52' 48" W (= 43.06, -87.88), written by hand as a big-endian TIFF.
   */
  public static Path withExif(Path jpeg, Path out) throws Exception {
    java.nio.ByteBuffer t = java.nio.ByteBuffer.allocate(178); // big-endian by default
    t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
    // IFD0 at 8: Exif IFD pointer, GPS IFD pointer
    t.putShort((short) 2);
    t.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(38);
    t.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(56);
    t.putInt(0);
    // Exif IFD at 38: DateTimeOriginal (ASCII, 20 bytes at 110)
    t.putShort((short) 1);
    t.putShort((short) 0x9003).putShort((short) 2).putInt(20).putInt(110);
    t.putInt(0);
    // GPS IFD at 56: N, latitude (3 rationals at 130), W, longitude (at 154)
    t.putShort((short) 4);
    t.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
    t.putShort((short) 2).putShort((short) 5).putInt(3).putInt(130);
    t.putShort((short) 3).putShort((short) 2).putInt(2).put(new byte[] {'W', 0, 0, 0});
    t.putShort((short) 4).putShort((short) 5).putInt(3).putInt(154);
    t.putInt(0);
    t.put("2022:01:20 10:00:00\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (int v : new int[] {43, 3, 36, 87, 52, 48}) {
      t.putInt(v).putInt(1);
    }
    byte[] tiff = t.array();
    byte[] photo = java.nio.file.Files.readAllBytes(jpeg);
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    o.write(photo, 0, 2); // SOI
    int length = 2 + 6 + tiff.length;
    o.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length, 'E', 'x', 'i', 'f', 0, 0});
    o.write(tiff);
    o.write(photo, 2, photo.length - 2);
    return java.nio.file.Files.write(out, o.toByteArray());
  }
}
