package org.refugium.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.cli.Refugium;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * The snapshot guards no other test reached (issue #17): every file of the manifest is checked, the unpacker refuses
 * entries that leave the snapshot, `snapshots use` verifies before switching, bad and duplicate names are refused.
 * Snapshots are real imports of the small open-data excerpt in ../shared.
 */
class SnapshotGuardsTest {

  @TempDir
  Path dir;

  /** One real import shared by the tests (imports are the slow part); each test copies it into its own store. */
  @TempDir
  static Path shared;

  private static Path base;

  @BeforeAll
  static void importOnce() throws Exception {
    base = Snapshots.importOpenData(shared, "base", SharedData.openDataExcerpt()).directory();
  }

  /** A copy of the imported snapshot, published in {@code store} under {@code name}. */
  private static Path copy(Path store, String name) throws IOException {
    Path target = store.resolve(name);
    try (Stream<Path> walk = Files.walk(base)) {
      for (Path p : walk.toList()) {
        Path t = target.resolve(base.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return target;
  }

  private final SnapshotVerifier verifier = new SnapshotVerifier(new PrintStream(OutputStream.nullOutputStream()));

  @Test
  void everyFileOfTheManifestIsReHashed() throws Exception {
    Path snapshot = copy(dir, "s");
    Manifest manifest = Manifest.read(snapshot.resolve(Manifest.FILE_NAME));
    List<Manifest.FileEntry> files = manifest.files();
    // the database, the rejects and the Lucene files: a manifest of one or two files would prove little
    assertThat(files).hasSizeGreaterThan(5);
    assertThat(files).extracting(Manifest.FileEntry::path).contains("mirror.sqlite")
        .anyMatch(p -> p.startsWith("index/"));
    for (Manifest.FileEntry f : files) {
      Path file = snapshot.resolve(f.path());
      byte[] original = Files.readAllBytes(file);
      assertThat(original).as(f.path()).hasSize((int) f.size());
      if (original.length > 0) { // Lucene's write.lock is empty: only its size can change
        flipLastByte(file);
        assertThat(verifier.verify(snapshot, manifest, SnapshotVerifier.Depth.FULL)).as(f.path())
            .containsExactly("sha256 of " + f.path() + " does not match the manifest (the file was altered)");
      }
      // one byte more: the quick check (sizes) catches it too, naming the file and both sizes
      Files.write(file, java.util.Arrays.copyOf(original, original.length + 1));
      assertThat(verifier.verify(snapshot, manifest, SnapshotVerifier.Depth.QUICK)).as(f.path())
          .containsExactly("size of " + f.path() + " is " + (f.size() + 1) + ", the manifest says " + f.size());
      Files.write(file, original);
    }
    assertThat(verifier.verify(snapshot, manifest, SnapshotVerifier.Depth.FULL)).isEmpty();
  }

  @Test
  void aManifestWithoutFilesOrPointingOutsideFails() throws Exception {
    Path snapshot = copy(dir, "s");
    Manifest manifest = Manifest.read(snapshot.resolve(Manifest.FILE_NAME));
    assertThat(verifier.verify(snapshot, manifest.withFiles(List.of(), manifest.finishedAt()),
        SnapshotVerifier.Depth.QUICK)).containsExactly("the manifest lists no files");
    assertThat(verifier.verify(snapshot, manifest.withFiles(null, manifest.finishedAt()),
        SnapshotVerifier.Depth.QUICK)).containsExactly("the manifest lists no files");
    // a file that exists beside the snapshot is refused: the manifest may not point outside it
    Files.writeString(dir.resolve("outside.txt"), "x");
    List<Manifest.FileEntry> withOutside = new java.util.ArrayList<>(manifest.files());
    withOutside.add(new Manifest.FileEntry("../outside.txt", 1, SnapshotFiles.sha256(dir.resolve("outside.txt"))));
    assertThat(verifier.verify(snapshot, manifest.withFiles(withOutside, manifest.finishedAt()),
        SnapshotVerifier.Depth.FULL))
        .containsExactly("../outside.txt is outside the snapshot, not a regular file of the snapshot");
  }

  @Test
  void anIndexWithAnotherDocumentCountThanTheManifestFails() throws Exception {
    Path snapshot = copy(dir, "s");
    Manifest m = Manifest.read(snapshot.resolve(Manifest.FILE_NAME));
    Map.Entry<String, Long> index = m.counts().entrySet().stream().filter(e -> e.getKey().startsWith("index."))
        .findFirst().orElseThrow(() -> new AssertionError("the manifest counts no index: " + m.counts()));
    Map<String, Long> counts = new java.util.HashMap<>(m.counts());
    counts.put(index.getKey(), index.getValue() + 1);
    Manifest wrong = new Manifest(m.name(), m.exportDate(), m.toolVersion(), m.schemaVersion(), m.startedAt(),
        m.finishedAt(), m.sources(), counts, m.rejectsByReason(), m.warnings(), m.files());
    String name = index.getKey().substring("index.".length());
    assertThat(verifier.verify(snapshot, wrong, SnapshotVerifier.Depth.QUICK)).containsExactly("index " + name
        + " has " + index.getValue() + " documents, the manifest says " + (index.getValue() + 1));
  }

  @Test
  void aCorruptDatabaseWithAMatchingManifestFailsItsIntegrityCheck() throws Exception {
    Path snapshot = copy(dir, "s");
    Path db = snapshot.resolve("mirror.sqlite");
    byte[] bytes = Files.readAllBytes(db);
    int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff); // SQLite header: page size at offset 16
    assertThat(bytes.length).isGreaterThan(4 * pageSize);
    // garbage over the second page (a b-tree page), the header left intact so that the file still opens
    java.util.Arrays.fill(bytes, pageSize, 2 * pageSize, (byte) 0x5a);
    Files.write(db, bytes);
    Manifest manifest = rehashed(snapshot);
    List<String> problems = verifier.verify(snapshot, manifest, SnapshotVerifier.Depth.QUICK);
    assertThat(problems).isNotEmpty().allMatch(p -> p.startsWith("SQLite"));
  }

  @Test
  void aLuceneFileDamagedBehindItsChecksumFailsOnlyTheFullCheck() throws Exception {
    Path snapshot = copy(dir, "s");
    Path fdt = snapshot.resolve("index/taxa/_0.fdt"); // stored fields: read lazily, checksummed by CheckIndex
    assertThat(fdt).exists();
    byte[] bytes = Files.readAllBytes(fdt);
    assertThat(bytes.length).isGreaterThan(200);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(fdt, bytes);
    Manifest manifest = rehashed(snapshot);
    assertThat(verifier.verify(snapshot, manifest, SnapshotVerifier.Depth.QUICK)).isEmpty();
    assertThat(verifier.verify(snapshot, manifest, SnapshotVerifier.Depth.FULL))
        .containsExactly("Lucene CheckIndex found problems in index taxa");
  }

  @Test
  void diffCountsTaxonAndGradeChangesWithAndWithoutUuids() throws Exception {
    Path older = copy(dir.resolve("a"), "s");
    Path newer = copy(dir.resolve("b"), "s");
    long a;
    long b;
    try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + older.resolve("mirror.sqlite"));
        var st = db.createStatement()) {
      a = st.executeQuery("SELECT min(id) FROM observations").getLong(1);
      b = st.executeQuery("SELECT max(id) FROM observations").getLong(1);
      assertThat(a).isNotEqualTo(b);
    }
    // in both: observation a has no uuid, only an iNaturalist id (matched by it); in the newer one a and b change
    // taxon and grade
    for (Path snapshot : List.of(older, newer)) {
      try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + snapshot.resolve("mirror.sqlite"));
          var st = db.createStatement()) {
        assertThat(st.executeUpdate("UPDATE observations SET uuid = NULL, inat_id = 987654321 WHERE id = " + a))
            .isEqualTo(1);
        if (snapshot == newer) {
          assertThat(st.executeUpdate("UPDATE observations SET taxon_id = 48460, quality_grade = 'zz' WHERE id IN ("
              + a + ", " + b + ")")).isEqualTo(2);
        }
      }
    }
    Map<String, Long> changes = SnapshotDiff.compare(older, newer);
    assertThat(changes).containsEntry("observations with a changed taxon", 2L)
        .containsEntry("observations with a changed quality grade", 2L)
        .containsEntry("observations added", 0L).containsEntry("observations removed", 0L);
  }

  /** The manifest rewritten with the files' current sizes and hashes: damage that a re-hash cannot see. */
  private static Manifest rehashed(Path snapshot) throws IOException {
    Manifest m = Manifest.read(snapshot.resolve(Manifest.FILE_NAME));
    List<Manifest.FileEntry> files = new java.util.ArrayList<>();
    for (Manifest.FileEntry f : m.files()) {
      Path file = snapshot.resolve(f.path());
      files.add(new Manifest.FileEntry(f.path(), Files.size(file), SnapshotFiles.sha256(file)));
    }
    return m.withFiles(files, m.finishedAt());
  }

  @Test
  void unpackRefusesEntriesOutsideTheSnapshotAndLeavesNothing() throws Exception {
    SnapshotStore store = new SnapshotStore(dir.resolve("node"));
    Map<String, String> evil = new java.util.LinkedHashMap<>();
    evil.put("s/../../escaped.txt", "refusing an entry that points outside the snapshot: s/../../escaped.txt");
    evil.put("s/index/../../../escaped.txt", "points outside the snapshot");
    evil.put("manifest.json", "is not under a snapshot folder");
    evil.put("/abs/manifest.json", "is not under a snapshot folder");
    for (var e : evil.entrySet()) {
      Path tar = tar(dir.resolve("evil.tar"), Map.of("s/manifest.json", "{}", e.getKey(), "owned"));
      assertThatThrownBy(() -> SnapshotPacker.unpack(tar, store, verifier)).as(e.getKey())
          .isInstanceOf(IOException.class).hasMessageContaining(e.getValue());
      assertThat(dir.resolve("escaped.txt")).doesNotExist();
      assertThat(dir.getParent().resolve("escaped.txt")).doesNotExist();
      assertLeavesNothing(store);
    }
    // a first folder that is not a snapshot name ("..") is refused before anything is written
    Path dotdot = tar(dir.resolve("dotdot.tar"), Map.of("../escaped.txt", "owned"));
    assertThatThrownBy(() -> SnapshotPacker.unpack(dotdot, store, verifier)).hasMessageContaining("snapshot name");
    assertThat(dir.resolve("escaped.txt")).doesNotExist();
    assertLeavesNothing(store);

    Path two = tar(dir.resolve("two.tar"), Map.of("a/manifest.json", "{}", "b/manifest.json", "{}"));
    assertThatThrownBy(() -> SnapshotPacker.unpack(two, store, verifier))
        .hasMessage("the archive holds more than one snapshot (b, a)"); // entries are written in reverse name order
    assertLeavesNothing(store);

    Path empty = tar(dir.resolve("empty.tar"), Map.of());
    assertThatThrownBy(() -> SnapshotPacker.unpack(empty, store, verifier)).hasMessageEndingWith("holds no snapshot");
  }

  @Test
  void unpackRefusesANameThatExistsAndKeepsTheOldOne() throws Exception {
    Path s = copy(dir.resolve("a"), "s");
    Manifest manifest = Manifest.read(s.resolve(Manifest.FILE_NAME));
    Path tar = dir.resolve("s.tar");
    SnapshotPacker.pack(s, tar);
    SnapshotStore store = new SnapshotStore(dir.resolve("a"));
    assertThatThrownBy(() -> SnapshotPacker.unpack(tar, store, verifier))
        .hasMessageStartingWith("a snapshot named s already exists");
    assertThat(store.list()).containsExactly("s");
    assertThat(verifier.verify(s, manifest, SnapshotVerifier.Depth.FULL)).isEmpty();
    assertNoStaging(store);
    // the same archive unpacks into an empty store, verified, without becoming current
    SnapshotStore other = new SnapshotStore(dir.resolve("b"));
    assertThat(SnapshotPacker.unpack(tar, other, verifier)).isEqualTo("s");
    assertThat(other.list()).containsExactly("s");
    assertThat(other.currentName()).isEmpty();
    assertThat(verifier.verify(other.dir("s"), manifest, SnapshotVerifier.Depth.FULL)).isEmpty();
  }

  @Test
  void snapshotsUseVerifiesThenSwitchesAndRecordsHistory() throws Exception {
    copy(dir, "a-2026-01");
    copy(dir, "b-2026-02");
    SnapshotStore store = new SnapshotStore(dir);
    assertThat(store.currentName()).isEmpty();
    assertThat(cli("snapshots", "use", "b-2026-02", "--data-dir", dir.toString())).isEqualTo(0);
    assertThat(store.currentName()).contains("b-2026-02");
    assertThat(dir.resolve(".history")).doesNotExist(); // nothing was current before

    assertThat(cli("snapshots", "use", "a-2026-01", "--data-dir", dir.toString())).isEqualTo(0);
    assertThat(Files.readString(dir.resolve("CURRENT"))).isEqualTo("a-2026-01\n");
    assertThat(Files.readAllLines(dir.resolve(".history"))).containsExactly("b-2026-02");
    assertThat(VerifyRecord.last(store, "a-2026-01")).hasValueSatisfying(r -> {
      assertThat(r.ok()).isTrue();
      assertThat(r.depth()).isEqualTo("full");
    });
    // using the current one again changes nothing and adds no history line
    assertThat(cli("snapshots", "use", "a-2026-01", "--data-dir", dir.toString())).isEqualTo(0);
    assertThat(Files.readAllLines(dir.resolve(".history"))).containsExactly("b-2026-02");

    // an altered file: exit 1, CURRENT unchanged, the failure recorded
    flipLastByte(dir.resolve("b-2026-02").resolve("mirror.sqlite"));
    assertThat(cli("snapshots", "use", "b-2026-02", "--data-dir", dir.toString())).isEqualTo(1);
    assertThat(store.currentName()).contains("a-2026-01");
    assertThat(VerifyRecord.last(store, "b-2026-02")).hasValueSatisfying(r -> {
      assertThat(r.ok()).isFalse();
      assertThat(r.problems()).containsExactly(
          "sha256 of mirror.sqlite does not match the manifest (the file was altered)");
    });
    // unknown and malformed names: an error, CURRENT unchanged
    assertThat(cli("snapshots", "use", "nope", "--data-dir", dir.toString())).isNotZero();
    assertThat(cli("snapshots", "use", "../a-2026-01", "--data-dir", dir.toString())).isNotZero();
    assertThat(store.currentName()).contains("a-2026-01");
    // rollback goes back to b; with nothing left before it, there is nothing to roll back to
    assertThat(store.rollback()).contains("b-2026-02");
    assertThat(store.rollback()).isEmpty();
    assertThat(store.currentName()).contains("b-2026-02");
    assertThat(Files.readAllLines(dir.resolve(".history"))).isEmpty();
  }

  @Test
  void badSnapshotNamesAreRefused() {
    for (String bad : new String[] {"", "CURRENT", ".hidden", "-dash", "_x", "a/b", "..", "../x", "a b", "ä",
        "a\nb", "x".repeat(101)}) {
      assertThatThrownBy(() -> SnapshotStore.checkName(bad)).as("[%s]", bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshot name must be");
    }
    for (String good : new String[] {"a", "9", "inat-2026-05-01", "A_1.2-b", "x".repeat(100)}) {
      SnapshotStore.checkName(good);
    }
    SnapshotStore store = new SnapshotStore(dir);
    assertThatThrownBy(() -> store.dir("../escape")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.createStaging("a/b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDuplicateNameIsRefusedAndTheFirstSnapshotStaysIntact() throws Exception {
    Path first = copy(dir, "dup");
    Manifest manifest = Manifest.read(first.resolve(Manifest.FILE_NAME));
    assertThatThrownBy(() -> Snapshots.importOpenData(dir, "dup", SharedData.openDataExcerpt()))
        .hasMessageContaining("a snapshot named dup already exists");
    SnapshotStore store = new SnapshotStore(dir);
    assertThat(store.list()).containsExactly("dup");
    assertThat(verifier.verify(first, manifest, SnapshotVerifier.Depth.FULL)).isEmpty();
    // publishing a staging directory over an existing snapshot is refused the same way
    Path staging = store.createStaging("dup");
    assertThatThrownBy(() -> store.publish(staging, "dup")).hasMessageStartingWith("snapshot dup already exists");
    assertThat(verifier.verify(first, manifest, SnapshotVerifier.Depth.FULL)).isEmpty();
  }

  @Test
  void pruneRefusesToKeepNothing() {
    assertThatThrownBy(() -> new SnapshotStore(dir).prune(0)).hasMessage("--keep must be at least 1");
  }

  @Test
  void aLongNamedSnapshotPacksManifestFirstAndUnpacksWhole() throws Exception {
    String name = "n".repeat(100); // the longest name allowed: its entry paths pass tar's 100-character limit
    Path snapshot = copy(dir.resolve("a"), name);
    Manifest manifest = Manifest.read(snapshot.resolve(Manifest.FILE_NAME));
    Path tar = dir.resolve("long.tar");
    SnapshotPacker.pack(snapshot, tar);
    List<String> entries = new java.util.ArrayList<>();
    try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    // the manifest first (an unpacker knows what to expect before the big files), then the files in path order
    List<String> expected = new java.util.ArrayList<>();
    manifest.files().stream().map(f -> name + "/" + f.path()).sorted().forEach(expected::add);
    expected.add(0, name + "/" + Manifest.FILE_NAME);
    assertThat(entries).hasSize(manifest.files().size() + 1).containsExactlyElementsOf(expected);
    SnapshotStore other = new SnapshotStore(dir.resolve("b"));
    assertThat(SnapshotPacker.unpack(tar, other, verifier)).isEqualTo(name);
    assertThat(verifier.verify(other.dir(name), manifest, SnapshotVerifier.Depth.FULL)).isEmpty();
  }

  @Test
  void stagingIsFreshAndOnlyDeadImportsStagingIsRemoved() throws Exception {
    SnapshotStore store = new SnapshotStore(dir);
    Path first = store.createStaging("x");
    Files.writeString(first.resolve("left-over"), "from an earlier try of this process");
    Path again = store.createStaging("x");
    assertThat(again).isEqualTo(first);
    try (Stream<Path> inside = Files.list(again)) {
      assertThat(inside).isEmpty();
    }
    long alive = ProcessHandle.current().parent().orElseThrow().pid(); // Maven's JVM: alive, not this process
    Path live = Files.createDirectories(dir.resolve(".staging-live-" + alive));
    Path dead = Files.createDirectories(dir.resolve(".staging-dead-999999999"));
    Files.writeString(dead.resolve("mirror.sqlite"), "half");
    Path odd = Files.createDirectories(dir.resolve(".staging-no-pid-x"));
    assertThat(store.removeAbandonedStaging()).containsExactlyInAnyOrder(dead, odd, again);
    assertThat(live).exists();
    assertThat(dead).doesNotExist();
  }

  @Test
  void pruneKeepsTheNewestAndTheCurrent() throws Exception {
    for (String n : new String[] {"a", "b", "c", "d"}) {
      copy(dir, n);
    }
    SnapshotStore store = new SnapshotStore(dir);
    store.setCurrent("b");
    assertThat(store.prune(2)).containsExactly("a");
    assertThat(store.list()).containsExactly("b", "c", "d");
    assertThat(store.prune(1)).containsExactly("c");
    assertThat(store.list()).containsExactly("b", "d");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".deleting-"));
    }
  }

  private static void assertLeavesNothing(SnapshotStore store) throws IOException {
    assertThat(store.list()).isEmpty();
    assertNoStaging(store);
  }

  private static void assertNoStaging(SnapshotStore store) throws IOException {
    if (Files.isDirectory(store.root())) {
      try (Stream<Path> left = Files.list(store.root())) {
        assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging-"));
      }
    }
  }

  private static void flipLastByte(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(f.length() - 1);
      int b = f.read();
      f.seek(f.length() - 1);
      f.write(b ^ 0xff);
    }
  }

  /** A tar with the given entries in order, written by hand so that it can hold what pack() never writes. */
  private static Path tar(Path file, Map<String, String> entries) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var e : new java.util.TreeMap<>(entries).descendingMap().entrySet()) {
        byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  private static int cli(String... args) {
    PrintStream out = System.out;
    try {
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      return Refugium.commandLine().execute(args);
    } finally {
      System.setOut(out);
    }
  }
}
