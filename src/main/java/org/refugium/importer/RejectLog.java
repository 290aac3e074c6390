package org.refugium.importer;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * rejects.tsv.gz: every row not imported, with where it came from and why, so nothing is lost silently.
 * Columns: file, line, reason, detail, row. The raw row keeps its content with tabs written as
 * {@code \t} and backslashes as {@code \\} so each reject stays on one line of five fields.
 */
public final class RejectLog implements Closeable {

  public static final String FILE_NAME = "rejects.tsv.gz";

  private final BufferedWriter out;
  private final Map<String, Long> byReason = new TreeMap<>();
  private long total;

  public RejectLog(Path file) throws IOException {
    out = new BufferedWriter(new OutputStreamWriter(
        new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16);
    out.write("file\tline\treason\tdetail\trow\n");
  }

  public synchronized void reject(String file, long line, RowRejectedException why, String row) throws IOException {
    String reason = why.reason();
    byReason.merge(reason, 1L, Long::sum);
    total++;
    out.write(escape(file));
    out.write('\t');
    out.write(Long.toString(line));
    out.write('\t');
    out.write(reason);
    out.write('\t');
    out.write(escape(why.getMessage()));
    out.write('\t');
    out.write(escape(row));
    out.write('\n');
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  public synchronized Map<String, Long> countsByReason() {
    return new TreeMap<>(byReason);
  }

  public synchronized long total() {
    return total;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
