package org.refugium.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.SnapshotImporter;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.photos.PhotoPacker;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * Tar entry names carrying terminal escapes and newlines (issue #16, item 14) reach neither the terminal nor the
 * manifest raw: snapshot packs, photo packs and Open Data tarballs name them with visible escapes.
 */
class ControlCharacterNamesTest {

  /** Clears the screen, paints red, sets the terminal's title, forges a second line. */
  static final String EVIL = "\u001b[2J\u001b[31m\u001b]0;owned\u0007\nOK all verified\r";

  @TempDir
  Path dir;

  @Test
  void snapshotPackEntryNamesAreEscapedInItsRefusals() throws Exception {
    SnapshotStore store = new SnapshotStore(dir.resolve("node"));
    SnapshotVerifier verifier = new SnapshotVerifier(new PrintStream(OutputStream.nullOutputStream()));
    List<Map<String, String>> packs = List.of(
        Map.of(EVIL + "/manifest.json", "{}"), // the snapshot's name itself
        ordered("s/manifest.json", "{}", "t" + EVIL + "/x", "owned"), // a second snapshot folder
        Map.of(EVIL, "owned"), // not under a folder
        Map.of("s/../.." + EVIL, "owned")); // pointing outside
    for (Map<String, String> entries : packs) {
      Path tar = tar(dir.resolve("evil.tar"), entries);
      Throwable refused = catchThrowable(() -> SnapshotPacker.unpack(tar, store, verifier));
      assertThat(refused).as(entries.keySet().toString()).isNotNull();
      assertNoRawControls(refused.getMessage());
      assertThat(refused.getMessage()).contains("\\x1b[2J\\x1b[31m");
    }
  }

  @Test
  void photoPackEntryNamesAreEscapedInItsRefusals() throws Exception {
    Path tar = tar(dir.resolve("photos.tar"), Map.of("photos/1/" + EVIL + ".jpg", "x"));
    DirectoryPhotoStore target = DirectoryPhotoStore.open(dir.resolve("store"));
    Throwable refused = catchThrowable(() -> PhotoPacker.unpack(tar, target, dir.resolve(".u"), n -> { }));
    assertThat(refused).isInstanceOf(IOException.class);
    assertNoRawControls(refused.getMessage());
    assertThat(refused.getMessage()).contains("photos/1/\\x1b[2J");
  }

  @Test
  void openDataTarballEntryNamesAreEscapedInTheManifest() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    Path excerpt = SharedData.openDataExcerpt();
    for (String table : List.of("taxa", "observers", "observations", "photos")) {
      entries.put("export" + EVIL + "/" + table + ".csv", Files.readAllBytes(excerpt.resolve(table + ".csv")));
    }
    entries.put("notes" + EVIL + ".txt", "hello".getBytes(StandardCharsets.UTF_8));
    Path tar = dir.resolve("export.tar");
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var e : entries.entrySet()) {
        write(out, e.getKey(), e.getValue());
      }
    }
    SnapshotImporter.Result result = Snapshots.importOpenData(dir.resolve("data"), "s", tar);
    String manifest = Files.readString(result.directory().resolve(Manifest.FILE_NAME));
    Manifest m = Manifest.read(result.directory().resolve(Manifest.FILE_NAME));
    assertThat(m.warnings()).anySatisfy(w -> assertThat(w).startsWith("skipped unknown archive entry notes\\x1b[2J"));
    m.warnings().forEach(ControlCharacterNamesTest::assertNoRawControls);
    assertThat(m.sources()).hasSize(1);
    assertThat(m.sources().get(0).entries()).hasSize(4).allSatisfy(e -> {
      assertNoRawControls(e.name());
      assertThat(e.name()).startsWith("export\\x1b[2J");
    });
    // JSON would escape a raw ESC as \u001b; the escaped form is plain text in the file
    assertThat(manifest).doesNotContain("\\u001b", "\\u001B", "\\n");
  }

  static void assertNoRawControls(String s) {
    assertThat(s).isNotNull();
    assertThat(s.chars().filter(c -> c < 0x20 || c == 0x7f)).as(s).isEmpty();
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Path tar(Path file, Map<String, String> entries) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var e : entries.entrySet()) {
        write(tar, e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return file;
  }

  private static void write(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
