package org.refugium.api;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Typed reading of a query string the way iNaturalist's API takes it: list parameters accept commas
 * and repeated keys ({@code taxon_id=1,2&taxon_id=3}), an empty value counts as absent, and every
 * malformed value is refused with a 422 that names the parameter.
 */
public final class QueryParams {

  private final MultivaluedMap<String, String> raw;

  public QueryParams(MultivaluedMap<String, String> raw) {
    this.raw = raw;
  }

  /** The last non-empty value, trimmed, or null. */
  public String string(String name) {
    List<String> values = raw.get(name);
    if (values == null) {
      return null;
    }
    for (int i = values.size() - 1; i >= 0; i--) {
      String v = values.get(i) == null ? "" : values.get(i).strip();
      if (!v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  public boolean has(String name) {
    return string(name) != null;
  }

  /** All values, commas split, trimmed, empties dropped. */
  public List<String> list(String name) {
    List<String> out = new ArrayList<>();
    List<String> values = raw.get(name);
    if (values == null) {
      return out;
    }
    for (String v : values) {
      if (v == null) {
        continue;
      }
      for (String part : v.split(",")) {
        String p = part.strip();
        if (!p.isEmpty()) {
          out.add(p);
        }
      }
    }
    return out;
  }

  public List<Long> longList(String name) {
    List<Long> out = new ArrayList<>();
    for (String v : list(name)) {
      out.add(parseLong(name, v));
    }
    return out;
  }

  public List<Integer> intList(String name) {
    List<Integer> out = new ArrayList<>();
    for (String v : list(name)) {
      out.add(parseInt(name, v));
    }
    return out;
  }

  /**
   * Lowercased values, each of which must be one of {@code allowed}; {@code any} is skipped, as iNaturalist reads
   * {@code quality_grade=any} or {@code photo_license=any} as no filter (empty, not "nothing").
   */
  public List<String> choices(String name, Set<String> allowed) {
    List<String> out = new ArrayList<>();
    for (String v : list(name)) {
      String lower = v.toLowerCase(Locale.ROOT);
      if (lower.equals("any") && !allowed.contains(lower)) {
        continue;
      }
      if (!allowed.contains(lower)) {
        throw ApiException.invalid(name + " must be one of " + new java.util.TreeSet<>(allowed) + ", not " + v);
      }
      out.add(lower);
    }
    return out;
  }

  public String choice(String name, Set<String> allowed, String fallback) {
    List<String> values = choices(name, allowed);
    return values.isEmpty() ? fallback : values.get(values.size() - 1);
  }

  public Integer integer(String name) {
    String v = string(name);
    return v == null ? null : parseInt(name, v);
  }

  public int integer(String name, int fallback, int min, int max) {
    Integer v = integer(name);
    if (v == null) {
      return fallback;
    }
    if (v < min || v > max) {
      throw ApiException.invalid(name + " must be between " + min + " and " + max + ", not " + v);
    }
    return v;
  }

  public Long longValue(String name) {
    String v = string(name);
    return v == null ? null : parseLong(name, v);
  }

  public Double decimal(String name, double min, double max) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name + " must be a number, not " + v);
    }
    if (!(d >= min && d <= max)) { // also refuses NaN
      throw ApiException.invalid(name + " must be between " + min + " and " + max + ", not " + v);
    }
    return d;
  }

  /** true/false (also 1/0, yes/no, as Rails and iNaturalist's clients send them), or null when absent. */
  public Boolean bool(String name) {
    String v = string(name);
    if (v == null || v.equalsIgnoreCase("any")) {
      return null;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "t" -> Boolean.TRUE;
      case "false", "0", "no", "f" -> Boolean.FALSE;
      default -> throw ApiException.invalid(name + " must be true or false, not " + v);
    };
  }

  /**
   * A day: plain {@code 2020-08-26} (inaturalistjs) or a full date-time {@code 2020-08-26T00:00:00+00:00}
   * (pyinaturalist), whose date part is taken as written: the record keeps observation days, not instants.
   */
  public LocalDate date(String name) {
    String v = string(name);
    return v == null ? null : parseDate(name, v);
  }

  static LocalDate parseDate(String name, String v) {
    try {
      if (v.length() > 10 && v.charAt(10) == 'T') {
        if (v.length() >= 19 && (v.endsWith("Z") || v.lastIndexOf('+') > 10 || v.lastIndexOf('-') > 10)) {
          return OffsetDateTime.parse(v).toLocalDate();
        }
        return LocalDate.parse(v.substring(0, 10));
      }
      if (v.matches("\\d{4}-\\d{1,2}-\\d{1,2}")) {
        String[] p = v.split("-");
        return LocalDate.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
      }
      return LocalDate.parse(v);
    } catch (java.time.DateTimeException e) {
      throw ApiException.invalid(name + " must be a date like 2020-08-26 or 2020-08-26T00:00:00+00:00, not " + v);
    }
  }

  private static long parseLong(String name, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name + " must be an integer, not " + v);
    }
  }

  private static int parseInt(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name + " must be an integer, not " + v);
    }
  }
}
