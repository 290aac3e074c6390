package org.refugium.snapshot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
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

  public static final String DATABASE = SnapshotLayout.DATABASE;
  public static final String INDEX_DIR = SnapshotLayout.INDEX_DIR;

  private final PrintStream log;

  public SnapshotVerifier(PrintStream log) {
    this.log = log;
  }

  /** Where checks report what is not a problem but must be seen (an unchecked signature). */
  public PrintStream log() {
    return log;
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
    Path real = snapshot.toRealPath();
    Set<String> listed = new HashSet<>();
    Set<String> listedDirs = new HashSet<>();
    for (Manifest.FileEntry f : manifest.files()) {
      listed.add(f.path());
      for (Path d = Path.of(f.path()).getParent(); d != null; d = d.getParent()) {
        listedDirs.add(d.toString().replace('\\', '/'));
      }
      Path file = snapshot.resolve(f.path()).normalize();
      String kind = file.startsWith(snapshot) ? kindOf(file, real) : "outside the snapshot";
      if (kind == null) {
        problems.add("missing file " + f.path());
      } else if (!kind.equals(REGULAR)) {
        // never hashed or opened: a FIFO would block the check, a link could point anywhere
        problems.add(f.path() + " is " + kind + ", not a regular file of the snapshot");
      } else if (Files.size(file) != f.size()) {
        problems.add("size of " + f.path() + " is " + Files.size(file) + ", the manifest says " + f.size());
      } else if (depth == Depth.FULL && !SnapshotFiles.sha256(file).equals(f.sha256())) {
        problems.add("sha256 of " + f.path() + " does not match the manifest (the file was altered)");
      }
    }
    // anything else in the directory: stray files, directories, links, FIFOs (the walk never follows links)
    try (Stream<Path> walk = Files.walk(snapshot)) {
      for (Path p : walk.filter(p -> !p.equals(snapshot)).toList()) {
        String rel = snapshot.relativize(p).toString().replace('\\', '/');
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
          if (!listedDirs.contains(rel)) {
            problems.add("unexpected directory " + rel + " (not in the manifest)");
          }
        } else if (!a.isRegularFile()) {
          if (!listed.contains(rel)) {
            problems.add("unexpected " + describe(a) + " " + rel + " (not in the manifest)");
          }
        } else if (!rel.equals(Manifest.FILE_NAME) && !rel.equals(ManifestSignature.FILE_NAME)
            && !listed.contains(rel)) {
          problems.add("unexpected file " + rel + " (not in the manifest)");
        }
      }
    }
  }

  private static final String REGULAR = "regular";

  /**
   * What {@code file} is without following links: REGULAR, a description of anything else, or null when it does
   * not exist. A regular file reached through a linked directory counts as outside the snapshot.
   */
  private static String kindOf(Path file, Path realSnapshot) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
    if (!a.isRegularFile()) {
      return describe(a);
    }
    return file.toRealPath().startsWith(realSnapshot) ? REGULAR : "reached through a link leaving the snapshot";
  }

  private static String describe(BasicFileAttributes a) {
    return a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a directory"
        : a.isOther() ? "a special file (FIFO, socket or device)" : "not a regular file";
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
