package org.refugium.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Malformed text in the free-text columns of an import (names, logins, descriptions, place guesses, titles), counted
 * per column and reported in the manifest's warnings and the import summary (issue #16, item 14). What is stored:
 * <ul>
 *   <li>NUL characters are removed: nothing in iNaturalist's data means one, and C strings, terminals and some
 *       clients cut the text at the first;</li>
 *   <li>invalid UTF-8 arrives already replaced by U+FFFD (the readers decode with replacement); the replacement
 *       characters are counted, so an export damaged in transit is noticed (a U+FFFD present in the source counts
 *       too);</li>
 *   <li>bidirectional controls (U+202A–202E, U+2066–2069) are kept, since right-to-left names legitimately carry
 *       them, and counted; the pages isolate every user-supplied name ({@code <bdi>}, {@code dir="auto"}) so that an
 *       override cannot reorder the text around it, and terminals and logs show them escaped
 *       ({@link org.refugium.text.SafeText}).</li>
 * </ul>
 */
public final class MalformedText {

  /** Free-text columns, by name: what people typed, as opposed to ids, dates, codes and URLs. */
  private static final Pattern FREE_TEXT = Pattern.compile("(?i).*(name|login|description|place_guess|title).*");

  /** Counts of one column: rows with NUL (removed), with U+FFFD (invalid UTF-8), with bidi controls (kept). */
  public record Counts(long nul, long replacement, long bidi) {}

  private MalformedText() {}

  /** Removes NULs and counts what each free-text column holds; returns only the columns with something found. */
  public static Map<String, Counts> clean(Connection db) throws SQLException {
    Map<String, Counts> found = new LinkedHashMap<>();
    for (String[] column : freeTextColumns(db)) {
      String table = quote(column[0]);
      String name = quote(column[1]);
      long nul = 0;
      // found on the bytes and cleaned here: SQLite's text functions (char(0), replace) stop at an embedded NUL
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT rowid, " + name + " FROM "
          + table + " WHERE instr(CAST(" + name + " AS BLOB), x'00') > 0");
          PreparedStatement update = db.prepareStatement("UPDATE " + table + " SET " + name + " = ? WHERE rowid = ?")) {
        while (rs.next()) {
          update.setString(1, rs.getString(2).replace("\u0000", ""));
          update.setLong(2, rs.getLong(1));
          update.addBatch();
          nul++;
        }
        update.executeBatch();
      }
      long replacement;
      long bidi;
      try (PreparedStatement st = db.prepareStatement("SELECT count(*) FILTER (WHERE instr(" + name + ", ?) > 0),"
          + " count(*) FILTER (WHERE " + name + " GLOB ?) FROM " + table + " WHERE " + name + " IS NOT NULL")) {
        st.setString(1, "\uFFFD");
        st.setString(2, "*[\u202A-\u202E\u2066-\u2069]*");
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          replacement = rs.getLong(1);
          bidi = rs.getLong(2);
        }
      }
      if (nul + replacement + bidi > 0) {
        found.put(column[0] + "." + column[1], new Counts(nul, replacement, bidi));
      }
    }
    return found;
  }

  /** One warning line per column, for the manifest and the import summary. */
  public static List<String> warnings(Map<String, Counts> found) {
    List<String> out = new ArrayList<>();
    found.forEach((column, c) -> out.add("malformed text in " + column + ": " + c.nul() + " value(s) with NUL"
        + " (removed), " + c.replacement() + " with invalid UTF-8 (stored as U+FFFD), " + c.bidi()
        + " with bidirectional controls (kept, isolated on pages)"));
    return out;
  }

  private static List<String[]> freeTextColumns(Connection db) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    List<String[]> columns = new ArrayList<>();
    for (String table : tables) {
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
        while (rs.next()) {
          String name = rs.getString("name");
          if ("TEXT".equalsIgnoreCase(rs.getString("type")) && FREE_TEXT.matcher(name).matches()) {
            columns.add(new String[] {table, name});
          }
        }
      }
    }
    return columns;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
