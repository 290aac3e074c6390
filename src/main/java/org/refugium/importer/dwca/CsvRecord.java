package org.refugium.importer.dwca;

/**
 * One record of a CSV file: its fields, the physical line it starts on, its raw text (for the reject
 * log), and what is wrong with it when it could not be read as a well-formed record.
 *
 * @param problem null for a good record, otherwise one of the reasons below (a reject reason)
 */
public record CsvRecord(String[] fields, long line, String raw, String problem, String detail) {

  public static final String UNTERMINATED_QUOTE = "unterminated quote";
  public static final String STRAY_QUOTE = "text after closing quote";
  public static final String WRONG_FIELD_COUNT = org.refugium.importer.RowRejectedException.WRONG_FIELD_COUNT;

  public boolean malformed() {
    return problem != null;
  }

  /** The field, stripped, or null when empty or absent ({@code index < 0}: the file lacks the column). */
  public String get(int index) {
    if (index < 0 || index >= fields.length) {
      return null;
    }
    String value = fields[index].strip();
    return value.isEmpty() ? null : value;
  }
}
