package org.refugium.web;

/**
 * One byte range of a {@code Range: bytes=...} request header (RFC 9110 §14), resolved against the file size.
 * Only a single range is served as 206: a multi-range request gets the whole file (200), which the RFC allows and
 * which spares the node multipart/byteranges for a case no browser or video player sends for photos.
 *
 * @param first first byte, inclusive
 * @param last last byte, inclusive
 */
record ByteRange(long first, long last) {

  /** What a Range header asks for. */
  sealed interface Request permits Whole, Part, Unsatisfiable {}

  /** No Range header, another unit, or several ranges: answer 200 with the whole file. */
  record Whole() implements Request {}

  record Part(ByteRange range) implements Request {}

  /** A bytes range that is malformed or lies past the end: answer 416 with {@code Content-Range: bytes *}{@code /size}. */
  record Unsatisfiable() implements Request {}

  long length() {
    return last - first + 1;
  }

  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  static Request parse(String header, long size) {
    if (header == null) {
      return new Whole();
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return new Whole(); // an unknown unit is ignored (RFC 9110 §14.2)
    }
    String spec = h.substring(6).strip();
    if (spec.contains(",")) {
      return new Whole();
    }
    int dash = spec.indexOf('-');
    if (dash < 0 || spec.length() > 40) {
      return new Unsatisfiable();
    }
    String a = spec.substring(0, dash).strip();
    String b = spec.substring(dash + 1).strip();
    try {
      if (a.isEmpty()) { // suffix: the last N bytes
        long n = digits(b);
        if (n <= 0 || size == 0) {
          return new Unsatisfiable();
        }
        return new Part(new ByteRange(Math.max(0, size - n), size - 1));
      }
      long first = digits(a);
      long last = b.isEmpty() ? size - 1 : Math.min(digits(b), size - 1);
      if (first >= size || (!b.isEmpty() && digits(b) < first)) {
        return new Unsatisfiable();
      }
      return new Part(new ByteRange(first, last));
    } catch (NumberFormatException e) {
      return new Unsatisfiable();
    }
  }

  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException();
    }
    return Long.parseLong(s);
  }
}
