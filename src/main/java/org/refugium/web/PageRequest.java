package org.refugium.web;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * One page request as the templates see it ({@code ui}): the interface language and its strings, the
 * query, and links that keep the query (pager, language switch, downloads).
 */
public final class PageRequest {

  private final String language;
  private final boolean languageChosen;
  private final ResourceBundle messages;
  private final String path;
  private final MultivaluedMap<String, String> query;
  private final NumberFormat counts;

  PageRequest(String language, boolean languageChosen, String path, MultivaluedMap<String, String> query) {
    this.language = language;
    this.languageChosen = languageChosen;
    this.messages = Templates.messages(language);
    this.path = path;
    this.query = query;
    this.counts = NumberFormat.getIntegerInstance(Locale.forLanguageTag(language));
  }

  public static PageRequest of(UriInfo uri, HttpHeaders headers) {
    return of(uri, headers.getCookies(), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
  }

  static PageRequest of(UriInfo uri, Map<String, Cookie> cookies, String acceptLanguage) {
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    String explicit = UiLocale.supported(q.getFirst("locale"));
    Cookie cookie = cookies.get(UiLocale.COOKIE);
    String lang = UiLocale.resolve(explicit, cookie == null ? null : cookie.getValue(), acceptLanguage);
    return new PageRequest(lang, explicit != null, "/" + uri.getPath(), q);
  }

  public String language() {
    return language;
  }

  public String getLang() {
    return language;
  }

  /** True when this request chose the language with ?locale=: the response remembers it in a cookie. */
  boolean languageChosen() {
    return languageChosen;
  }

  public ResourceBundle messages() {
    return messages;
  }

  public String text(String key) {
    return messages.containsKey(key) ? messages.getString(key) : key;
  }

  /** A rank in this language ("species" → "вид"); an unknown rank as written. */
  public String rank(String rank) {
    return rank == null ? "" : messages.containsKey("rank." + rank) ? messages.getString("rank." + rank) : rank;
  }

  /**
   * A message with arguments in the page's locale: ICU's MessageFormat, so a message can say
   * {@code {0,plural,one{# наблюдение} few{# наблюдения} many{# наблюдений} other{# наблюдения}}} and each
   * language gets its own plural forms (the JDK's MessageFormat only knows choice ranges).
   */
  public String format(String key, Object... args) {
    // each pattern parsed once per request: a big taxon's map formats a tooltip for each of up to ~2,600 cells
    return formats.computeIfAbsent(key, k -> new com.ibm.icu.text.MessageFormat(text(k), Locale.forLanguageTag(language)))
        .format(args);
  }

  /** Parsed messages of this request (a request is served by one thread; MessageFormat is not thread-safe). */
  private final Map<String, com.ibm.icu.text.MessageFormat> formats = new java.util.HashMap<>();

  /**
   * The observer page's path: by login when there is one, else by id. A login is free text in the export, so it is
   * percent-encoded as one path segment ("a/b?c" must not become another path or a query).
   */
  public String personPath(String login, Object id) {
    String key = login != null && !login.isEmpty() ? login : String.valueOf(id);
    return "/people/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** An ISO date ("2020-05-03", or a date-time) as the page's language writes it ("3 мая 2020 г."); else as given. */
  public String date(String iso) {
    if (iso == null || iso.length() < 10) {
      return iso == null ? "" : iso;
    }
    try {
      return java.time.LocalDate.parse(iso.substring(0, 10)).format(java.time.format.DateTimeFormatter
          .ofLocalizedDate(java.time.format.FormatStyle.MEDIUM).withLocale(Locale.forLanguageTag(language)));
    } catch (java.time.format.DateTimeParseException e) {
      return iso;
    }
  }

  /** A count as people read it in this language (1,234 / 1 234). */
  public String n(Number value) {
    return value == null ? "" : counts.format(value.longValue());
  }

  public List<String> getLanguages() {
    return UiLocale.SUPPORTED;
  }

  /** The language's own name ("English", "Русский") for the switch. */
  public String languageName(String lang) {
    Locale l = Locale.forLanguageTag(lang);
    String name = l.getDisplayLanguage(l);
    return name.substring(0, 1).toUpperCase(l) + name.substring(1);
  }

  /** This page in another language. */
  public String switchTo(String lang) {
    return path + queryString(Map.of("locale", lang), Set.of());
  }

  /** This page with one parameter replaced (pager, view toggle). */
  public String with(String name, Object value) {
    return path + queryString(Map.of(name, String.valueOf(value)), Set.of());
  }

  /** The current query for another path, without the page's own parameters (downloads of the same filter). */
  public String sameFilter(String otherPath) {
    return otherPath + queryString(Map.of(), Set.of("page", "per_page", "view", "locale", "order_by", "order"));
  }

  /** This page with two parameters replaced (a species row's link: its taxon, in the photo grid). */
  public String with(String name, Object value, String name2, Object value2) {
    return path + queryString(Map.of(name, String.valueOf(value), name2, String.valueOf(value2)), Set.of("page"));
  }

  /** This page without one parameter (and back on page 1): the "remove this filter" links. */
  public String without(String name) {
    return path + queryString(Map.of(), Set.of(name, "page"));
  }

  /** The filters this request carries, as (name, value) pairs in URL order, without the page's own parameters. */
  public List<Map.Entry<String, String>> filters() {
    List<Map.Entry<String, String>> out = new java.util.ArrayList<>();
    query.forEach((k, values) -> {
      if (!PAGE_ONLY.contains(k)) {
        for (String v : values) {
          if (v != null && !v.isBlank()) {
            out.add(Map.entry(k, v));
          }
        }
      }
    });
    return out;
  }

  /** What a page adds to the API's parameters: they choose how results look, not which. */
  static final Set<String> PAGE_ONLY = Set.of("page", "per_page", "view", "locale", "order_by", "order", "sort", "q");

  public String param(String name) {
    String v = query.getFirst(name);
    return v == null ? "" : v;
  }

  public boolean has(String name, String value) {
    List<String> values = query.get(name);
    return values != null && values.contains(value);
  }

  public String getPath() {
    return path;
  }

  private String queryString(Map<String, String> replace, Set<String> drop) {
    MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
    query.forEach((k, v) -> {
      if (!replace.containsKey(k) && !drop.contains(k)) {
        q.put(k, v);
      }
    });
    replace.forEach(q::putSingle);
    StringBuilder sb = new StringBuilder();
    q.forEach((k, values) -> {
      for (String v : values) {
        if (v == null || v.isEmpty()) {
          continue; // empty form fields carry no constraint: keep links short
        }
        sb.append(sb.length() == 0 ? '?' : '&').append(enc(k)).append('=').append(enc(v));
      }
    });
    return sb.toString();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
