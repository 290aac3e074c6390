package org.refugium.photos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks that a downloaded file is the photo the source meant: its length against Content-Length, its MD5
 * against the ETag when the object was uploaded in one part (a multipart ETag has a "-N" suffix and is not an
 * MD5), its magic bytes (JPEG, PNG, GIF, WebP), and a header an image reader can decode to positive dimensions.
 * Each failure is a short reason for the journal.
 */
public final class PhotoCheck {

  private PhotoCheck() {}

  /** Null when the file passes, else why it does not. */
  public static String problem(Path file, long bytes, String md5, long contentLength, String etag) throws IOException {
    if (contentLength >= 0 && bytes != contentLength) {
      return "length mismatch (" + bytes + " of " + contentLength + " bytes)";
    }
    String tag = S3PhotoStore.unquote(etag == null ? "" : etag.strip());
    if (tag.startsWith("W/")) {
      tag = ""; // a weak tag says nothing about the bytes
    }
    if (isMd5(tag) && !tag.equalsIgnoreCase(md5)) {
      return "etag mismatch (md5 " + md5 + ", etag " + tag + ")";
    }
    return imageProblem(file);
  }

  /** True for a single-part ETag: 32 hex digits. */
  public static boolean isMd5(String tag) {
    return tag != null && tag.length() == 32 && tag.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  /** Null when the file starts like a JPEG, PNG, GIF or WebP and its header decodes, else why not. */
  public static String imageProblem(Path file) throws IOException {
    byte[] head = new byte[16];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    String kind = kind(head, n);
    if (kind == null) {
      return "not an image (magic bytes)";
    }
    if (kind.equals("webp")) {
      // the JDK has no WebP reader: the RIFF header's length must cover the file exactly
      long riff = (head[4] & 0xFFL) | (head[5] & 0xFFL) << 8 | (head[6] & 0xFFL) << 16 | (head[7] & 0xFFL) << 24;
      return riff + 8 == Files.size(file) ? null : "undecodable image header (webp length)";
    }
    try (ImageInputStream iis = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        return "undecodable image header (no reader)";
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        if (reader.getWidth(0) <= 0 || reader.getHeight(0) <= 0) {
          return "undecodable image header (no dimensions)";
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return "undecodable image header";
    }
    return null;
  }

  static String kind(byte[] h, int n) {
    if (n >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF) {
      return "jpeg";
    }
    if (n >= 8 && (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') {
      return "png";
    }
    if (n >= 6 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8') {
      return "gif";
    }
    if (n >= 12 && h[0] == 'R' && h[1] == 'I' && h[2] == 'F' && h[3] == 'F' && h[8] == 'W' && h[9] == 'E'
        && h[10] == 'B' && h[11] == 'P') {
      return "webp";
    }
    return null;
  }

  /** The MD5 of a file, hex. */
  public static String md5(Path file) throws IOException {
    MessageDigest md = md5();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[65536];
      for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The MD5 and length of a stream, read to its end. */
  public static String md5(InputStream in, long[] bytes) throws IOException {
    MessageDigest md = md5();
    byte[] buf = new byte[65536];
    for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
      md.update(buf, 0, r);
      bytes[0] += r;
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
