package org.refugium.importer.dwca;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads RFC 4180 CSV as iNaturalist writes it: fields separated by a delimiter, optionally enclosed in
 * quotes, a quote inside a quoted field doubled, and line breaks allowed inside quoted fields.
 *
 * <p>Bad rows must cost one row, not the rest of the file. A stray opening quote would otherwise swallow
 * every following line up to the next quote character; so when a record that spans several physical
 * lines turns out malformed (wrong field count, text after a closing quote, end of file inside quotes),
 * only its first line is reported, as an unterminated quote, and reading resumes at the second line.
 * A quoted field may span at most {@link #MAX_LINES_PER_RECORD} lines, which also bounds memory.
 */
public final class CsvReader implements Closeable {

  static final int MAX_LINES_PER_RECORD = 1000;

  private final Reader in;
  private final CsvDialect dialect;
  private final char[] buffer = new char[1 << 16];
  private int position;
  private int limit;
  private boolean eof;
  private long lineNumber;
  private final Deque<Line> pushedBack = new ArrayDeque<>();
  private int expectedFields = -1;

  private record Line(long number, String text) {}

  public CsvReader(InputStream in, CsvDialect dialect) {
    this.in = new InputStreamReader(in, dialect.encoding());
    this.dialect = dialect;
  }

  /** From now on, records with another field count are malformed (set from the header). */
  public void expectFields(int count) {
    this.expectedFields = count;
  }

  /** The next record (good or malformed); null at the end of the input. Blank lines are skipped. */
  public CsvRecord next() throws IOException {
    Line first;
    do {
      first = nextLine();
      if (first == null) {
        return null;
      }
    } while (first.text().isEmpty());
    List<Line> lines = new ArrayList<>(1);
    lines.add(first);
    List<String> fields = new ArrayList<>(expectedFields > 0 ? expectedFields : 16);
    String problem = parse(lines, fields);
    if (problem == null && expectedFields >= 0 && fields.size() != expectedFields) {
      problem = CsvRecord.WRONG_FIELD_COUNT;
    }
    if (problem != null && lines.size() > 1) {
      // Most likely a quote opened on the first line and never closed: give the other lines another chance.
      for (int i = lines.size() - 1; i >= 1; i--) {
        pushedBack.addFirst(lines.get(i));
      }
      return new CsvRecord(new String[0], first.number(), first.text(), CsvRecord.UNTERMINATED_QUOTE,
          "quoted field not closed on line " + first.number());
    }
    String raw = lines.size() == 1 ? first.text() : String.join("\n", lines.stream().map(Line::text).toList());
    if (problem != null) {
      String detail = problem.equals(CsvRecord.WRONG_FIELD_COUNT)
          ? fields.size() + " fields, header has " + expectedFields : "record starting on line " + first.number();
      return new CsvRecord(fields.toArray(String[]::new), first.number(), raw, problem, detail);
    }
    return new CsvRecord(fields.toArray(String[]::new), first.number(), raw, null, null);
  }

  /** Splits the record starting at {@code lines.get(0)}, pulling more lines while a quoted field is open. */
  private String parse(List<Line> lines, List<String> fields) throws IOException {
    char delimiter = dialect.delimiter();
    char quote = dialect.quoted() ? dialect.quote() : '\uFFFF';
    StringBuilder field = new StringBuilder();
    String text = lines.get(0).text();
    int i = 0;
    boolean inQuotes = false;
    boolean afterClosingQuote = false;
    boolean fieldStart = true;
    while (true) {
      if (i == text.length()) {
        if (!inQuotes) {
          fields.add(field.toString());
          return null;
        }
        if (lines.size() >= MAX_LINES_PER_RECORD) {
          return CsvRecord.UNTERMINATED_QUOTE;
        }
        Line more = nextLine();
        if (more == null) {
          fields.add(field.toString());
          return CsvRecord.UNTERMINATED_QUOTE;
        }
        lines.add(more);
        field.append('\n');
        text = more.text();
        i = 0;
        continue;
      }
      if (fieldStart && !inQuotes && text.charAt(i) != quote) {
        // Fast path for the common unquoted field: one substring, no per-character copying.
        int end = text.indexOf(delimiter, i);
        if (end < 0) {
          fields.add(text.substring(i));
          return null;
        }
        fields.add(text.substring(i, end));
        i = end + 1;
        continue;
      }
      char c = text.charAt(i++);
      if (inQuotes) {
        if (c == quote) {
          if (i < text.length() && text.charAt(i) == quote) {
            field.append(quote);
            i++;
          } else {
            inQuotes = false;
            afterClosingQuote = true;
          }
        } else {
          field.append(c);
        }
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        fieldStart = true;
        afterClosingQuote = false;
      } else if (afterClosingQuote) {
        return CsvRecord.STRAY_QUOTE;
      } else if (c == quote && fieldStart) {
        inQuotes = true;
        fieldStart = false;
      } else {
        field.append(c); // a quote inside an unquoted field is taken literally
        fieldStart = false;
      }
    }
  }

  private Line nextLine() throws IOException {
    if (!pushedBack.isEmpty()) {
      return pushedBack.removeFirst();
    }
    StringBuilder line = null;
    while (true) {
      if (position == limit) {
        if (eof || !fill()) {
          if (line == null) {
            return null;
          }
          break;
        }
      }
      if (line == null) {
        line = new StringBuilder(128);
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      if (line.length() + (position - start) > org.refugium.importer.source.LineTooLongException.MAX_LINE) {
        throw new org.refugium.importer.source.LineTooLongException(lineNumber + 1);
      }
      line.append(buffer, start, position - start);
      if (position < limit) {
        position++; // the '\n'
        break;
      }
    }
    lineNumber++;
    int length = line.length();
    if (length > 0 && line.charAt(length - 1) == '\r') {
      line.setLength(length - 1);
    }
    if (lineNumber == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
      line.deleteCharAt(0);
    }
    return new Line(lineNumber, line.toString());
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = true;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
