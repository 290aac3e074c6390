package org.refugium.snapshot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.refugium.archive.SqliteFiles;

/**
 * Checks a snapshot against its manifest. {@link Depth#QUICK} runs before publishing (the files were
 * just hashed): sizes, SQLite's quick_check, each Lucene index opens with the document count the
 * manifest records. {@link Depth#FULL} is for `snapshots verify`: it re-hashes every file, runs
 * SQLite's full integrity_check and Lucene's CheckIndex.
 */
public final class SnapshotVerifier {

  public enum Depth { QUICK, FULL }

  public static final String DATABASE = "mirror.sqlite";
  public static final String INDEX_DIR = "index";

  private final PrintStream log;

  public SnapshotVerifier(PrintStream log) {
    this.log = log;
  }

  /** Every problem found, empty when the snapshot is sound. */
  public List<String> verify(Path snapshot, Manifest manifest, Depth depth) throws IOException {
    List<String> problems = new ArrayList<>();
    checkFiles(snapshot, manifest, depth, problems);
    if (!problems.isEmpty()) {
      return problems; // a missing or altered file makes the deeper checks meaningless
    }
    checkSqlite(snapshot.resolve(DATABASE), depth, problems);
    checkIndexes(snapshot.resolve(INDEX_DIR), manifest, depth, problems);
    return problems;
  }

  private void checkFiles(Path snapshot, Manifest manifest, Depth depth, List<String> problems) throws IOException {
    if (manifest.files() == null || manifest.files().isEmpty()) {
      problems.add("the manifest lists no files");
      return;
    }
    List<String> listed = new ArrayList<>();
    for (Manifest.FileEntry f : manifest.files()) {
      listed.add(f.path());
      Path file = snapshot.resolve(f.path()).normalize();
      if (!file.startsWith(snapshot) || !Files.isRegularFile(file)) {
        problems.add("missing file " + f.path());
      } else if (Files.size(file) != f.size()) {
        problems.add("size of " + f.path() + " is " + Files.size(file) + ", the manifest says " + f.size());
      } else if (depth == Depth.FULL && !SnapshotFiles.sha256(file).equals(f.sha256())) {
        problems.add("sha256 of " + f.path() + " does not match the manifest (the file was altered)");
      }
    }
    try (Stream<Path> walk = Files.walk(snapshot)) {
      walk.filter(Files::isRegularFile).map(p -> snapshot.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.equals(Manifest.FILE_NAME) && !listed.contains(p))
          .forEach(p -> problems.add("unexpected file " + p + " (not in the manifest)"));
    }
  }

  private void checkSqlite(Path database, Depth depth, List<String> problems) {
    String pragma = depth == Depth.FULL ? "PRAGMA integrity_check" : "PRAGMA quick_check";
    try (Connection db = SqliteFiles.openReadOnly(database);
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(pragma)) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!"ok".equals(line)) {
          problems.add("SQLite " + pragma + ": " + line);
        }
      }
    } catch (SQLException e) {
      problems.add("SQLite cannot be read: " + e.getMessage());
    }
  }

  private void checkIndexes(Path indexRoot, Manifest manifest, Depth depth, List<String> problems) {
    if (!Files.isDirectory(indexRoot)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(indexRoot)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String name = dir.getFileName().toString();
        try (Directory directory = FSDirectory.open(dir)) {
          try (DirectoryReader reader = DirectoryReader.open(directory)) {
            Long expected = manifest.counts() == null ? null : manifest.counts().get("index." + name);
            if (expected != null && reader.numDocs() != expected) {
              problems.add("index " + name + " has " + reader.numDocs() + " documents, the manifest says " + expected);
            }
          }
          if (depth == Depth.FULL) {
            try (CheckIndex check = new CheckIndex(directory)) {
              check.setInfoStream(null);
              CheckIndex.Status status = check.checkIndex();
              if (!status.clean) {
                problems.add("Lucene CheckIndex found problems in index " + name);
              }
            }
          }
        } catch (IOException | RuntimeException e) {
          problems.add("index " + name + " cannot be read: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      problems.add("cannot list " + indexRoot + ": " + e.getMessage());
    }
    log.flush();
  }
}
