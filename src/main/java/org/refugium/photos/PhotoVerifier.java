package org.refugium.photos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * {@code photos verify}: every key the journal records as done must be in the store with the journaled size and
 * MD5. Files are read back in full (a directory store) or, in an S3 store, compared by their single-part ETag,
 * which the store computed from the bytes it holds.
 */
public final class PhotoVerifier {

  /** One stored file that does not match the journal. */
  public record Mismatch(PhotoKey key, String problem) {}

  public record Report(long checked, long bytes, List<Mismatch> mismatches) {}

  private PhotoVerifier() {}

  public static Report verify(PhotoStore store, FetchJournal journal, LongConsumer onChecked) throws IOException {
    List<Mismatch> bad = new ArrayList<>();
    long checked = 0;
    long bytes = 0;
    try (Statement st = journal.reader().createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT photo_id, size, extension, bytes, md5 FROM fetched WHERE state = 'DONE' ORDER BY photo_id, size")) {
      while (rs.next()) {
        PhotoKey key = new PhotoKey(rs.getLong(1), rs.getString(2), rs.getString(3));
        long size = rs.getLong(4);
        String md5 = rs.getString(5);
        String problem = check(store, key, size, md5);
        if (problem != null) {
          bad.add(new Mismatch(key, problem));
        }
        checked++;
        bytes += size;
        onChecked.accept(checked);
      }
    } catch (SQLException e) {
      throw new IOException("fetch journal: " + e.getMessage(), e);
    }
    return new Report(checked, bytes, bad);
  }

  static String check(PhotoStore store, PhotoKey key, long size, String md5) throws IOException {
    Optional<PhotoStore.Stat> stat = store.stat(key);
    if (stat.isEmpty()) {
      return "not in the store";
    }
    if (stat.get().size() != size) {
      return "size " + stat.get().size() + ", journal " + size;
    }
    if (store instanceof S3PhotoStore && PhotoCheck.isMd5(stat.get().etag())) {
      return stat.get().etag().toLowerCase(Locale.ROOT).equals(md5) ? null : "md5 (etag) differs from the journal";
    }
    long[] n = new long[1];
    String actual;
    try (InputStream in = store.open(key, 0, -1)) {
      actual = PhotoCheck.md5(in, n);
    } catch (NoSuchFileException e) {
      return "not in the store";
    }
    return actual.equals(md5) ? null : "md5 differs from the journal";
  }
}
