package org.refugium.web;

import java.util.List;
import java.util.Locale;

/**
 * The interface language: an explicit {@code ?locale=} first (remembered in a cookie), then the cookie,
 * then the browser's Accept-Language, else English. Only languages with a message bundle are offered.
 */
public final class UiLocale {

  public static final List<String> SUPPORTED = List.of("en", "ru");
  public static final String COOKIE = "locale";

  private UiLocale() {}

  /** Two-letter language of {@code value} if supported ("ru-RU" → "ru"), else null. */
  static String supported(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String lang = value.strip().split("[-_]")[0].toLowerCase(Locale.ROOT);
    return SUPPORTED.contains(lang) ? lang : null;
  }

  public static String resolve(String query, String cookie, String acceptLanguage) {
    String q = supported(query);
    if (q != null) {
      return q;
    }
    String c = supported(cookie);
    if (c != null) {
      return c;
    }
    if (acceptLanguage != null && !acceptLanguage.isBlank()) {
      try {
        for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
          String lang = supported(range.getRange());
          if (lang != null && range.getWeight() > 0) {
            return lang;
          }
        }
      } catch (IllegalArgumentException malformed) {
        // a malformed header is the browser's problem: fall back to the default
      }
    }
    return SUPPORTED.get(0);
  }
}
