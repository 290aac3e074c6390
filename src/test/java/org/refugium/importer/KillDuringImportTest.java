package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.generator.ExportGenerator;
import org.refugium.generator.ExportSpec;
import org.refugium.progress.Progress;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * kill -9 of a real import process at several points: the served snapshot and CURRENT stay as they were,
 * and the next import succeeds and removes what the killed one left.
 */
class KillDuringImportTest {

  @TempDir
  static Path dir;

  static Path export;

  @BeforeAll
  static void generateExport() throws Exception {
    export = dir.resolve("export/inaturalist-open-data-20260101.tar.gz");
    new ExportGenerator(Progress.silent()).generate(new ExportSpec(30_000, 7, LocalDate.of(2026, 1, 1),
        ExportSpec.Layout.CURRENT, ExportSpec.Format.TARBALL, export, 1));
  }

  @ParameterizedTest(name = "killed {1} ms after \"{0}\"")
  @CsvSource({"Loading sources, 300", "Deriving, 0", "Indexing, 200", "hashing snapshot files, 0"})
  void killedImportLeavesTheServedSnapshotAndTheNextImportSucceeds(String marker, int delayMs) throws Exception {
    Path data = dir.resolve("data-" + marker.replace(' ', '-'));
    Snapshots.importOpenData(data, "served", SharedData.openDataSample());

    Process p = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
        "--enable-native-access=ALL-UNNAMED", "org.refugium.cli.Refugium", "import", "--data-dir", data.toString(),
        "--open-data", export.toString(), "--name", "next").redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    boolean seen = false;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        output.add(line);
        if (line.contains(marker)) {
          seen = true;
          Thread.sleep(delayMs); // deliberate: lets the import run on past the marker, so the kill lands mid-phase
          p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
          break;
        }
      }
    }
    p.waitFor(30, TimeUnit.SECONDS);
    assertThat(seen).as("the import reached \"%s\"; it printed %s", marker, output).isTrue();

    SnapshotStore store = new SnapshotStore(data);
    assertThat(store.currentName()).contains("served");
    assertThat(store.list()).containsExactly("served");

    var next = Snapshots.importRequest(data, new SnapshotImporter.Request(List.of(export), null, null, "next", true));
    assertThat(next.manifest().counts().get("observations")).isGreaterThan(29_000L);
    assertThat(store.currentName()).contains("next");
    try (var entries = Files.list(data)) {
      assertThat(entries.map(e -> e.getFileName().toString()).filter(n -> n.startsWith(".staging"))).isEmpty();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
