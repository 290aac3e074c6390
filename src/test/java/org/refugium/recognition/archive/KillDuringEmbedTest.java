package org.refugium.recognition.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.cli.Refugium;
import org.refugium.recognition.Backbone;

/**
 * kill -9 of a real {@code refugium photos embed} process after its first commit, then the same
 * command again: it resumes from the committed photos, ends with every photo exactly once, and the
 * index verifies against its manifest.
 */
class KillDuringEmbedTest {

  @TempDir
  Path dir;

  @Test
  void aKilledEmbedResumesWithoutDuplicates() throws Exception {
    List<PlantArchive.Photo> all = PlantArchive.labelled();
    List<PlantArchive.Photo> chosen = all.stream().filter(p -> p.index() % 20 == 0).toList();
    assertThat(chosen).hasSize(15);
    Path data = dir.resolve("data");
    PlantArchive.build(data, dir.resolve("photos"), chosen);
    Path model = ArchiveIdentificationTest.model();
    String id;
    try (Backbone b = Backbone.load(model, null)) {
      id = b.id();
    }
    Path index = VectorIndex.dir(data, "plants", id);
    List<String> args = List.of("photos", "embed", "--data-dir", data.toString(), "--photos",
        dir.resolve("photos").toString(), "--backbone", model.toString(), "--commit-every", "3",
        "--threads", "1");

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
        "org.refugium.cli.Refugium"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          output.add(line);
        }
      } catch (Exception e) {
        output.add(e.toString());
      }
    });
    drain.start();
    // Wait (with a deadline) until a batch is committed and described by the manifest, then kill.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    long committed = 0;
    while (System.nanoTime() < deadline && p.isAlive()) {
      committed = VectorIndex.readManifest(index).map(VectorIndex.Manifest::vectors).orElse(0L);
      if (committed >= 3) {
        break;
      }
      Thread.sleep(20); // polling interval only; the condition decides
    }
    assertThat(p.isAlive()).as("the embed was still running after its first commit: %s", output)
        .isTrue();
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    drain.join(10_000);
    assertThat(committed).as("a batch was committed before the kill: %s", output)
        .isBetween(3L, 14L);

    int rc = Refugium.commandLine().execute(args.toArray(String[]::new));
    assertThat(rc).isZero();

    assertThat(VectorIndex.verify(index)).isEmpty();
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(index.resolve(VectorIndex.INDEX_DIR)))) {
      assertThat(r.numDocs()).isEqualTo(15);
      Set<Long> ids = new HashSet<>();
      StoredFields stored = r.storedFields();
      for (int d = 0; d < r.maxDoc(); d++) {
        ids.add(stored.document(d).getField(VectorFields.PHOTO_ID).numericValue().longValue());
      }
      assertThat(ids).hasSize(15);
      assertThat(ids).containsExactlyInAnyOrderElementsOf(
          chosen.stream().map(PlantArchive.Photo::photoId).toList());
    }
  }
}
