package org.refugium.importer;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.refugium.importer.tsv.Header;
import org.refugium.importer.tsv.TsvReader;
import org.refugium.importer.tsv.TsvRow;
import org.refugium.progress.Progress;

/**
 * Loads one tab-separated table into SQLite on two threads: one reads, decompresses, splits and
 * validates rows into batches; the calling thread binds the batches into one prepared insert. On two
 * cores this keeps both busy, which is how the load keeps pace with the sqlite3 CLI's .import.
 */
public final class TableIngest {

  static final int BATCH_ROWS = 8192;
  /**
   * Rows per INSERT statement: one step and one reset per 16 rows instead of per row. Each is a JNI
   * call into SQLite; binding stays one call per value.
   */
  static final int ROWS_PER_INSERT = 16;
  private static final List<Object[]> END = new ArrayList<>();

  private final Connection db;
  private final RejectLog rejects;
  private final ExecutorService parser = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "tsv-parser");
    t.setDaemon(true);
    return t;
  });

  public TableIngest(Connection db, RejectLog rejects) {
    this.db = db;
    this.rejects = rejects;
  }

  /**
   * Reads {@code in} (already decompressed) as the loader's table and inserts its rows.
   *
   * @param entry the file or archive entry name, for the reject log and manifest
   */
  public TableStats load(String entry, InputStream in, TableLoader loader, Progress.Task progress)
      throws IOException, SQLException {
    try {
      return read(entry, in, loader, progress);
    } catch (org.refugium.importer.source.LineTooLongException e) {
      throw new ImportFailedException(org.refugium.text.SafeText.of(entry) + ", " + e.getMessage(), e);
    }
  }

  private TableStats read(String entry, InputStream in, TableLoader loader, Progress.Task progress)
      throws IOException, SQLException {
    long start = System.nanoTime();
    TableSpec<?> spec = loader.spec();
    TsvReader reader = new TsvReader(in);
    TsvRow row = new TsvRow();
    if (!reader.next(row)) {
      throw new ImportFailedException(org.refugium.text.SafeText.of(entry) + " is empty: expected a tab-separated"
          + " header line naming the columns " + spec.requiredColumns());
    }
    Header header = Header.of(row);
    List<String> missing = spec.requiredColumns().stream().filter(c -> header.indexOf(c) < 0).toList();
    if (!missing.isEmpty()) {
      // named with line and what was expected; the header shown as a short, escaped prefix (a file without line
      // breaks, or a binary one, is all "line 1")
      throw new ImportFailedException(org.refugium.text.SafeText.of(entry) + ", line 1: " + (missing.size()
          == spec.requiredColumns().size() ? "not a header line; expected a tab-separated header naming "
          + spec.requiredColumns() : "the header lacks the required column(s) " + missing) + "; found "
          + header.describe());
    }
    List<String> unknown = header.unknownColumns(spec.columns());
    loader.bind(header);

    ParseCounts counts = new ParseCounts(); // written by the parser thread, read after it ends
    long imported = insertAll(spec.insertSql(), sink -> parse(entry, reader, row, loader, sink, counts), progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new TableStats(spec.table(), entry, counts.read, imported, counts.rejected, counts.byReason, unknown,
        seconds);
  }

  /** Produces rows on the parsing thread; {@link TableIngest#insertAll} inserts them as they come. */
  @FunctionalInterface
  public interface RowSource {
    void produce(RowSink sink) throws IOException, InterruptedException;
  }

  /** Where a {@link RowSource} hands its rows (each an array matching the insert's parameters). */
  @FunctionalInterface
  public interface RowSink {
    void accept(Object[] row) throws InterruptedException;
  }

  /**
   * The pipeline of {@link #load} for any row source: {@code source} runs on the parsing thread (reading,
   * validating, counting its own rejects), its rows are inserted here, {@value #ROWS_PER_INSERT} per statement,
   * in the order produced. Returns the rows inserted.
   */
  public long insertAll(String insertSql, RowSource source, Progress.Task progress) throws IOException, SQLException {
    BlockingQueue<List<Object[]>> queue = new ArrayBlockingQueue<>(8);
    Future<?> parsing = parser.submit(() -> {
      Batcher batcher = new Batcher(queue);
      source.produce(batcher);
      batcher.finish();
      return null;
    });
    long imported = 0;
    try (PreparedStatement insert = db.prepareStatement(insertSql);
        PreparedStatement insertMany = db.prepareStatement(multiRow(insertSql, ROWS_PER_INSERT))) {
      while (true) {
        List<Object[]> batch = take(queue, parsing);
        if (batch == END) {
          break;
        }
        int whole = batch.size() - batch.size() % ROWS_PER_INSERT;
        for (int r = 0; r < whole; r += ROWS_PER_INSERT) {
          int parameter = 1;
          for (int k = r; k < r + ROWS_PER_INSERT; k++) {
            for (Object value : batch.get(k)) {
              insertMany.setObject(parameter++, value);
            }
          }
          insertMany.addBatch();
        }
        insertMany.executeBatch(); // before the remainder: rows keep their file order
        for (int r = whole; r < batch.size(); r++) {
          Object[] values = batch.get(r);
          for (int i = 0; i < values.length; i++) {
            insert.setObject(i + 1, values[i]);
          }
          insert.addBatch();
        }
        insert.executeBatch();
        imported += batch.size();
        if (progress != null) {
          progress.addRows(batch.size());
        }
      }
    } finally {
      parsing.cancel(true);
    }
    waitFor(parsing);
    return imported;
  }

  /** Groups the source's rows into batches for the writer; the end marker closes the stream. */
  private static final class Batcher implements RowSink {
    private final BlockingQueue<List<Object[]>> queue;
    private List<Object[]> batch = new ArrayList<>(BATCH_ROWS);

    Batcher(BlockingQueue<List<Object[]>> queue) {
      this.queue = queue;
    }

    @Override
    public void accept(Object[] row) throws InterruptedException {
      batch.add(row);
      if (batch.size() == BATCH_ROWS) {
        queue.put(batch);
        batch = new ArrayList<>(BATCH_ROWS);
      }
    }

    void finish() throws InterruptedException {
      if (!batch.isEmpty()) {
        queue.put(batch);
      }
      queue.put(END);
    }
  }

  private void parse(String entry, TsvReader reader, TsvRow row, TableLoader loader, RowSink sink,
      ParseCounts counts) throws IOException, InterruptedException {
    while (reader.next(row)) {
      counts.read++;
      try {
        Object[] values = loader.map(row);
        if (values != null) { // null: left out on purpose (another dataset...), counted by the mapping
          sink.accept(values);
        }
      } catch (RowRejectedException e) {
        counts.rejected++;
        counts.byReason.merge(e.reason(), 1L, Long::sum);
        rejects.reject(entry, row.lineNumber(), e, row.text());
      }
    }
  }

  /** "INSERT INTO t (a, b) VALUES (?,?)" → the same with {@code rows} tuples of placeholders. */
  static String multiRow(String insertSql, int rows) {
    int values = insertSql.lastIndexOf("VALUES");
    String tuple = insertSql.substring(values + "VALUES".length()).trim();
    if (values < 0 || !tuple.matches("\\(\\s*\\?(\\s*,\\s*\\?)*\\s*\\)")) {
      throw new IllegalArgumentException("not a one-row insert with placeholders: " + insertSql);
    }
    return insertSql.substring(0, values) + "VALUES " + String.join(", ", java.util.Collections.nCopies(rows, tuple));
  }

  /** Waits for the next batch, but notices when the parser died instead of waiting forever. */
  private static List<Object[]> take(BlockingQueue<List<Object[]>> queue, Future<?> parsing) throws IOException {
    try {
      while (true) {
        List<Object[]> batch = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (batch != null) {
          return batch;
        }
        if (parsing.isDone()) {
          waitFor(parsing);
          batch = queue.poll();
          if (batch != null) {
            return batch;
          }
          throw new IllegalStateException("parser ended without an end marker");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportFailedException("interrupted", e);
    }
  }

  private static void waitFor(Future<?> parsing) throws IOException {
    try {
      parsing.get();
    } catch (java.util.concurrent.CancellationException e) {
      // cancelled after a failure on the writing side, which is what gets reported
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportFailedException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof OutOfMemoryError) {
        throw new ImportFailedException("out of memory while reading a table (heap limit "
            + (Runtime.getRuntime().maxMemory() >> 20) + " MB): a record far larger than any export holds, or a"
            + " heap too small for this import (raise -Xmx)", cause);
      }
      throw new ImportFailedException(cause.toString(), cause);
    }
  }

  private static final class ParseCounts {
    long read;
    long rejected;
    final java.util.Map<String, Long> byReason = new java.util.TreeMap<>();
  }

  public void shutdown() {
    parser.shutdownNow();
  }
}
