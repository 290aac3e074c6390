package org.refugium.importer.gbif;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.refugium.importer.RowRejectedException;

/** Conversions of GBIF's interpreted values into the mirror's: dates, integer keys, photo URLs, licenses. */
final class GbifValues {

  /** The dataset "iNaturalist Research-grade Observations" on GBIF. */
  static final String INATURALIST_DATASET = "50c9509d-22c7-4a22-a47d-8c48425ef4a7";

  /**
   * An iNaturalist photo URL: {@code https://static.inaturalist.org/photos/80747453/original.jpg?1593046768}
   * or the open-data bucket's {@code https://inaturalist-open-data.s3.amazonaws.com/photos/1/medium.JPG};
   * the extension is case-sensitive and kept as written.
   */
  private static final Pattern PHOTO_URL = Pattern.compile(
      "https?://[^/?#]*inaturalist[^/?#]*/photos/(\\d{1,18})/[A-Za-z_]+\\.([A-Za-z0-9]{1,8})(?:[?#].*)?");

  /** Creative Commons URLs as iNaturalist writes them (dwc_license) → its license codes. */
  private static final Map<String, String> LICENSES = Map.of(
      "publicdomain/zero", "CC0", "publicdomain/mark", "PD", "licenses/by", "CC-BY", "licenses/by-nc", "CC-BY-NC",
      "licenses/by-sa", "CC-BY-SA", "licenses/by-nd", "CC-BY-ND", "licenses/by-nc-sa", "CC-BY-NC-SA",
      "licenses/by-nc-nd", "CC-BY-NC-ND");
  private static final Pattern CC_URL = Pattern.compile(
      "https?://(?:www\\.)?creativecommons\\.org/((?:licenses|publicdomain)/[a-z-]+)(?:/.*)?");

  private GbifValues() {}

  /** An integer key written with stray spaces (seen in multimedia.txt: "2803144270 "); null when empty. */
  static Long key(String text, String column) throws RowRejectedException {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new RowRejectedException(RowRejectedException.BAD_NUMBER, column + " = " + text);
    }
  }

  /**
   * The observation day: the date part of eventDate (GBIF writes the local date and time,
   * {@code 2020-06-24T20:58:14}, or a range {@code a/b}: its start), else year-month-day. Null when the
   * record is dated to a month or a year only; rejected when the date is not a calendar day.
   */
  static String observedOn(String eventDate, String year, String month, String day) throws RowRejectedException {
    if (eventDate != null) {
      String start = eventDate.strip();
      int slash = start.indexOf('/');
      if (slash >= 0) {
        start = start.substring(0, slash);
      }
      if (start.length() >= 10 && start.charAt(4) == '-' && start.charAt(7) == '-') {
        return isoDay(start.substring(0, 10), "eventDate = " + eventDate);
      }
    }
    if (year != null && month != null && day != null) {
      try {
        return LocalDate.of(Integer.parseInt(year.strip()), Integer.parseInt(month.strip()),
            Integer.parseInt(day.strip())).toString();
      } catch (NumberFormatException | DateTimeException e) {
        throw new RowRejectedException(RowRejectedException.BAD_DATE, "year/month/day = " + year + "/" + month + "/"
            + day);
      }
    }
    if (eventDate != null && !eventDate.strip().matches("\\d{4}(-\\d{2})?")) {
      throw new RowRejectedException(RowRejectedException.BAD_DATE, "eventDate = " + eventDate);
    }
    return null;
  }

  private static String isoDay(String value, String detail) throws RowRejectedException {
    try {
      return LocalDate.parse(value).toString();
    } catch (DateTimeException e) {
      throw new RowRejectedException(RowRejectedException.BAD_DATE, detail);
    }
  }

  /** {photo id, extension} of an iNaturalist photo URL, or null for any other URL. */
  static Object[] photo(String url) {
    if (url == null) {
      return null;
    }
    Matcher m = PHOTO_URL.matcher(url.strip());
    return m.matches() ? new Object[] {Long.parseLong(m.group(1)), m.group(2)} : null;
  }

  /** A Creative Commons URL as the iNaturalist license code (CC-BY-NC…); null when empty. */
  static String license(String url) throws RowRejectedException {
    if (url == null || url.isBlank()) {
      return null;
    }
    Matcher m = CC_URL.matcher(url.strip().toLowerCase(Locale.ROOT));
    String code = m.matches() ? LICENSES.get(m.group(1)) : null;
    if (code == null) {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, "license = " + url);
    }
    return code;
  }
}
