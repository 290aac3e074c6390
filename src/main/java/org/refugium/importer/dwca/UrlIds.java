package org.refugium.importer.dwca;

/**
 * iNaturalist writes ids as URLs in its Darwin Core files (taxonID, parentNameUsageID = a
 * {@code https://www.inaturalist.org/taxa/48460}, occurrenceID = {@code …/observations/50839517}); the id
 * is the number at the end. A plain number is accepted as well.
 */
public final class UrlIds {

  private UrlIds() {}

  /** The trailing decimal number of {@code text} (ignoring a trailing '/'), or null when there is none. */
  public static Long trailingNumber(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    int end = t.length();
    if (end > 0 && t.charAt(end - 1) == '/') {
      end--;
    }
    int start = end;
    while (start > 0 && Character.isDigit(t.charAt(start - 1)) && t.charAt(start - 1) < 128) {
      start--;
    }
    if (start == end || end - start > 18) {
      return null;
    }
    if (start > 0 && Character.isLetterOrDigit(t.charAt(start - 1))) {
      return null; // "abc123" is not an id
    }
    return Long.parseLong(t, start, end, 10);
  }
}
