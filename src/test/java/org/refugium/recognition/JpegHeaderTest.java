package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The marker walk over hand-built JPEG headers (ITU T.81 segments, the EXIF/TIFF layout of CIPA DC-008, Adobe's
 * APP14): component count, Adobe transform, EXIF orientation in both byte orders, the scan count, and every way a
 * header can be cut short. The real photos of ImageDecoderTest reach only the common paths.
 */
class JpegHeaderTest {

  private static final int SOI = 0xD8, EOI = 0xD9, SOS = 0xDA, APP1 = 0xE1, APP14 = 0xEE, SOF0 = 0xC0;

  /** Builds a byte sequence; ints are bytes. */
  private static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes raw(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    Bytes raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    Bytes marker(int m) {
      return raw(0xFF, m);
    }

    /** A segment: marker, big-endian length (body + 2), body. */
    Bytes segment(int m, byte[] body) {
      int len = body.length + 2;
      return raw(0xFF, m, len >> 8, len & 0xff).raw(body);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** SOF body: precision 8, 16x16, n components of 3 bytes each. */
  private static byte[] frame(int components) {
    Bytes b = new Bytes().raw(8, 0, 16, 0, 16, components);
    for (int i = 0; i < components; i++) {
      b.raw(i + 1, 0x11, 0);
    }
    return b.bytes();
  }

  private static void u16(Bytes b, int v, boolean little) {
    if (little) {
      b.raw(v & 0xff, v >> 8);
    } else {
      b.raw(v >> 8, v & 0xff);
    }
  }

  private static void u32(Bytes b, long v, boolean little) {
    if (little) {
      b.raw((int) (v & 0xff), (int) (v >> 8 & 0xff), (int) (v >> 16 & 0xff), (int) (v >> 24 & 0xff));
    } else {
      b.raw((int) (v >> 24 & 0xff), (int) (v >> 16 & 0xff), (int) (v >> 8 & 0xff), (int) (v & 0xff));
    }
  }

  /**
   * APP1 body: "Exif\0\0", a TIFF header (II or MM, 42, IFD0 at {@code ifdOffset}), then IFD0 with {@code tags}
   * (tag, SHORT value) entries, of which the count field may claim more.
   */
  private static byte[] exif(boolean little, long ifdOffset, int claimedCount, int[][] tags) {
    Bytes b = new Bytes().raw(ascii("Exif\0\0")).raw(little ? ascii("II") : ascii("MM"));
    u16(b, 42, little);
    u32(b, ifdOffset, little);
    for (long i = 8; i < ifdOffset; i++) {
      b.raw(0);
    }
    u16(b, claimedCount, little);
    for (int[] t : tags) {
      u16(b, t[0], little);
      u16(b, 3, little); // SHORT
      u32(b, 1, little); // one value
      u16(b, t[1], little); // the value, left-justified in the 4 bytes
      u16(b, 0, little);
    }
    return b.bytes();
  }

  private static byte[] jpeg(byte[]... segments) {
    Bytes b = new Bytes().marker(SOI);
    for (byte[] s : segments) {
      b.raw(s);
    }
    return b.marker(SOS).raw(0, 2).marker(EOI).bytes();
  }

  private static byte[] seg(int marker, byte[] body) {
    return new Bytes().segment(marker, body).bytes();
  }

  @Test
  void recognisesJpegByItsFirstTwoBytes() {
    assertThat(JpegHeader.isJpeg(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).isTrue();
    assertThat(JpegHeader.isJpeg(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})).isFalse(); // too short
    assertThat(JpegHeader.isJpeg(new byte[] {(byte) 0xFF, (byte) 0xD9, (byte) 0xFF, (byte) 0xE0})).isFalse();
    assertThat(JpegHeader.isJpeg(new byte[] {(byte) 0xFE, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).isFalse();
    assertThat(JpegHeader.isJpeg(ascii("\u0089PNG\r\n"))).isFalse();
  }

  @Test
  void readsTheOrientationInBothByteOrders() {
    int[][] tags = {{0x0100, 640}, {0x0112, 6}}; // ImageWidth first: the orientation is the second entry
    assertThat(JpegHeader.scan(jpeg(seg(APP1, exif(true, 8, 2, tags)), seg(SOF0, frame(3)))))
        .isEqualTo(new JpegHeader(3, -1, false, 6));
    assertThat(JpegHeader.scan(jpeg(seg(APP1, exif(false, 8, 2, new int[][] {{0x0100, 640}, {0x0112, 8}})))))
        .isEqualTo(new JpegHeader(3, -1, false, 8));
    // IFD0 further into the TIFF data (offset 20, not 8)
    assertThat(JpegHeader.scan(jpeg(seg(APP1, exif(false, 20, 1, new int[][] {{0x0112, 3}}))))).extracting(
        JpegHeader::orientation).isEqualTo(3);
    assertThat(JpegHeader.scan(jpeg(seg(APP1, exif(true, 8, 1, new int[][] {{0x0112, 1}}))))).extracting(
        JpegHeader::orientation).isEqualTo(1);
  }

  @Test
  void anOrientationOutOfRangeOrCutShortIsUpright() {
    for (int value : new int[] {0, 9, 0x0106}) {
      assertThat(JpegHeader.scan(jpeg(seg(APP1, exif(true, 8, 1, new int[][] {{0x0112, value}}))))
          .orientation()).as("value %d", value).isEqualTo(1);
    }
    // no orientation tag at all
    assertThat(JpegHeader.scan(jpeg(seg(APP1, exif(true, 8, 1, new int[][] {{0x0100, 6}})))).orientation())
        .isEqualTo(1);
    // the count claims a second entry (the orientation) that the segment does not hold
    byte[] cut = exif(true, 8, 2, new int[][] {{0x0100, 640}});
    assertThat(JpegHeader.scan(jpeg(seg(APP1, cut))).orientation()).isEqualTo(1);
    // an IFD offset past the segment's end
    assertThat(JpegHeader.scan(jpeg(seg(APP1, exif(true, 4000, 0, new int[][] {})))).orientation()).isEqualTo(1);
    // neither II nor MM
    byte[] odd = exif(true, 8, 1, new int[][] {{0x0112, 6}});
    odd[6] = 'X';
    assertThat(JpegHeader.scan(jpeg(seg(APP1, odd))).orientation()).isEqualTo(1);
    byte[] mixed = exif(false, 8, 1, new int[][] {{0x0112, 6}});
    mixed[7] = 'I'; // "MI"
    assertThat(JpegHeader.scan(jpeg(seg(APP1, mixed))).orientation()).isEqualTo(1);
    // a TIFF header shorter than 8 bytes
    assertThat(JpegHeader.scan(jpeg(seg(APP1, ascii("Exif\0\0II*\0")))).orientation()).isEqualTo(1);
    // an APP1 that is not EXIF (XMP)
    byte[] xmp = ascii("http://ns.adobe.com/xap/1.0/\0" + "x".repeat(40));
    assertThat(JpegHeader.scan(jpeg(seg(APP1, xmp))).orientation()).isEqualTo(1);
    // "Exif" without its two zero bytes
    byte[] noZeros = exif(true, 8, 1, new int[][] {{0x0112, 6}});
    noZeros[5] = 'x';
    assertThat(JpegHeader.scan(jpeg(seg(APP1, noZeros))).orientation()).isEqualTo(1);
  }

  @Test
  void theLastEntryThatFitsExactlyIsRead() {
    // the segment ends exactly where the orientation entry ends
    byte[] exact = exif(true, 8, 1, new int[][] {{0x0112, 5}});
    assertThat(JpegHeader.scan(jpeg(seg(APP1, exact))).orientation()).isEqualTo(5);
    // one byte less and it is not there
    byte[] shortBy1 = java.util.Arrays.copyOf(exact, exact.length - 1);
    assertThat(JpegHeader.scan(jpeg(seg(APP1, shortBy1))).orientation()).isEqualTo(1);
  }

  @Test
  void adobeTransformAndFourComponents() {
    byte[] adobe = new Bytes().raw(ascii("Adobe")).raw(0, 100, 0, 0, 0, 0, 2).bytes(); // 12 bytes: transform 2
    assertThat(JpegHeader.scan(jpeg(seg(APP14, adobe), seg(SOF0, frame(4)))))
        .isEqualTo(new JpegHeader(4, 2, true, 1));
    // an APP14 too short for the transform byte, or of another vendor, is not Adobe's
    byte[] shortAdobe = new Bytes().raw(ascii("Adobe")).raw(0, 100, 0, 0, 0, 0).bytes();
    assertThat(JpegHeader.scan(jpeg(seg(APP14, shortAdobe), seg(SOF0, frame(4)))))
        .isEqualTo(new JpegHeader(4, -1, false, 1));
    byte[] other = new Bytes().raw(ascii("Adobf")).raw(0, 100, 0, 0, 0, 0, 2).bytes();
    assertThat(JpegHeader.scan(jpeg(seg(APP14, other))).adobe()).isFalse();
  }

  @Test
  void onlyStartOfFrameMarkersGiveTheComponentCount() {
    // progressive (C2) and the last SOF (CF) count; DHT (C4), JPG (C8) and DAC (CC) share the range but do not
    for (int m : new int[] {0xC0, 0xC1, 0xC2, 0xCF}) {
      assertThat(JpegHeader.scan(jpeg(seg(m, frame(1)))).components()).as("%x", m).isEqualTo(1);
    }
    for (int m : new int[] {0xC4, 0xC8, 0xCC, 0xBF, 0xDB}) {
      assertThat(JpegHeader.scan(jpeg(seg(m, frame(1)))).components()).as("%x", m).isEqualTo(3);
    }
    // a SOF body shorter than 6 bytes carries no count
    assertThat(JpegHeader.scan(jpeg(seg(SOF0, new byte[] {8, 0, 16, 0, 16}))).components()).isEqualTo(3);
    assertThat(JpegHeader.scan(jpeg(seg(SOF0, new byte[] {8, 0, 16, 0, 16, 1}))).components()).isEqualTo(1);
  }

  @Test
  void fillBytesAreSkippedAndAMalformedSegmentEndsTheWalk() {
    byte[] withFill = new Bytes().marker(SOI).raw(0xFF, 0xFF, 0xFF).raw(seg(SOF0, frame(4))).marker(EOI).bytes();
    assertThat(JpegHeader.scan(withFill).components()).isEqualTo(4);
    // a length below 2, a length past the end, a byte that is no marker: the walk stops with what it has
    byte[] tiny = new Bytes().marker(SOI).raw(0xFF, 0xE0, 0, 1).raw(seg(SOF0, frame(4))).bytes();
    assertThat(JpegHeader.scan(tiny).components()).isEqualTo(3);
    byte[] past = new Bytes().marker(SOI).raw(seg(SOF0, frame(4))).raw(0xFF, 0xE0, 0x10, 0).raw(seg(APP1,
        exif(true, 8, 1, new int[][] {{0x0112, 6}}))).bytes();
    assertThat(JpegHeader.scan(past)).isEqualTo(new JpegHeader(4, -1, false, 1));
    byte[] noMarker = new Bytes().marker(SOI).raw(0x00, 0xC0).raw(seg(SOF0, frame(4))).bytes();
    assertThat(JpegHeader.scan(noMarker).components()).isEqualTo(3);
    // a segment that ends exactly at the end of the data is read
    byte[] endsExactly = new Bytes().marker(SOI).raw(seg(SOF0, frame(4))).bytes();
    assertThat(JpegHeader.scan(endsExactly).components()).isEqualTo(4);
    // headers end at the first scan: an EXIF segment after it is image data
    byte[] late = new Bytes().marker(SOI).marker(SOS).raw(0, 2).raw(seg(APP1, exif(true, 8, 1,
        new int[][] {{0x0112, 6}}))).bytes();
    assertThat(JpegHeader.scan(late).orientation()).isEqualTo(1);
    byte[] afterEoi = new Bytes().marker(SOI).marker(EOI).raw(seg(SOF0, frame(4))).bytes();
    assertThat(JpegHeader.scan(afterEoi).components()).isEqualTo(3);
  }

  @Test
  void countsScansOverEntropyCodedData() {
    Bytes b = new Bytes().marker(SOI).raw(seg(SOF0, frame(3)));
    b.raw(seg(SOS, new byte[] {1, 1, 0, 0, 63, 0})).raw(0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0x01, 0x78);
    b.raw(seg(SOS, new byte[] {1, 1, 0, 0, 63, 0})).raw(0xFF, 0xFF, 0xD7, 0x9A); // a fill byte before a restart marker
    b.raw(seg(0xC4, new byte[] {0, 1, 2})); // a table between scans
    b.raw(seg(SOS, new byte[] {1, 1, 0, 0, 63, 0})).raw(0xBC).marker(EOI);
    b.raw(seg(SOS, new byte[] {1, 1, 0, 0, 63, 0})); // after the end of the image: not counted
    assertThat(JpegHeader.countScans(b.bytes())).isEqualTo(3);
    // a scan marker in the last bytes of a cut file still counts; nothing after it is read
    byte[] cut = new Bytes().marker(SOI).raw(seg(SOF0, frame(3))).marker(SOS).raw(0).bytes();
    assertThat(JpegHeader.countScans(cut)).isEqualTo(1);
    byte[] cutEarlier = new Bytes().marker(SOI).raw(seg(SOF0, frame(3))).marker(SOS).bytes();
    assertThat(JpegHeader.countScans(cutEarlier)).isEqualTo(1);
    assertThat(JpegHeader.countScans(new Bytes().marker(SOI).marker(EOI).bytes())).isZero();
    // restart markers D0-D7 carry no length: D8 and up do
    byte[] restarts = new Bytes().marker(SOI).marker(SOS).raw(0, 2).raw(0xFF, 0xD7, 0xFF, 0xD0)
        .marker(SOS).raw(0, 2).marker(EOI).bytes();
    assertThat(JpegHeader.countScans(restarts)).isEqualTo(2);
  }
}
