package org.refugium.importer.tsv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The header line of a table: columns are always found by name, never by position. */
public final class Header {

  private final List<String> names;
  private final Map<String, Integer> index = new HashMap<>();

  public Header(List<String> names) {
    this.names = List.copyOf(names);
    for (int i = 0; i < names.size(); i++) {
      index.putIfAbsent(names.get(i).strip().toLowerCase(Locale.ROOT), i);
    }
  }

  public static Header of(TsvRow row) {
    List<String> names = new ArrayList<>(row.fieldCount());
    for (int i = 0; i < row.fieldCount(); i++) {
      String name = row.stringOrNull(i);
      names.add(name == null ? "" : name.replace("\uFEFF", ""));
    }
    return new Header(names);
  }

  /** Position of a column, or -1 when the file lacks it. */
  public int indexOf(String column) {
    return index.getOrDefault(column.toLowerCase(Locale.ROOT), -1);
  }

  public int size() {
    return names.size();
  }

  public List<String> names() {
    return names;
  }

  /**
   * What the header line holds, for a message: the column count and the first names, each cut short and made safe
   * for a terminal, so that a file without line breaks or a binary file is not echoed whole as "the header".
   */
  public String describe() {
    StringBuilder out = new StringBuilder().append(names.size()).append(names.size() == 1 ? " column: " : " columns: ");
    for (int i = 0; i < Math.min(names.size(), 12); i++) {
      out.append(i == 0 ? "" : ", ").append('"').append(org.refugium.text.SafeText.of(names.get(i), 40)).append('"');
    }
    return names.size() > 12 ? out.append(", … ").append(names.size() - 12).append(" more").toString() : out.toString();
  }

  /** The columns of this header that none of {@code known} names: reported, then ignored. */
  public List<String> unknownColumns(List<String> known) {
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      if (known.stream().noneMatch(k -> k.equalsIgnoreCase(name.strip()))) {
        unknown.add(name);
      }
    }
    return unknown;
  }
}
