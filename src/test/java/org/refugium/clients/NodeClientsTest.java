package org.refugium.clients;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.ApiConfig;
import org.refugium.importer.SnapshotImporter;
import org.refugium.recognition.BundleInstaller;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * Real third-party clients of API v1 against a running node: the npm package inaturalistjs, and a script
 * sending pyinaturalist's requests (see clients/). The node serves the real Open Data sample with the
 * Russian DwC-A fixture's vernacular names and two iNaturalist ids from a web export; each script asserts and exits non-zero on failure, and its
 * output becomes the failure message. Node and clients/node_modules are required: scripts/test installs
 * the packages, and a missing install fails here (it is not a reason to skip).
 */
class NodeClientsTest {

  private static final Path CLIENTS = Path.of("clients").toAbsolutePath();
  /** A stuck script's limit, not a speed check: each runs dozens of requests and score_image on a shared CI box. */
  private static final long SCRIPT_TIMEOUT_SECONDS = 300;

  @TempDir
  static Path dataDir;
  @TempDir
  static Path modelsDir;
  private static NodeServer server;
  private static Recognizer recognizer;

  @BeforeAll
  static void serveSample() throws Exception {
    // a combined snapshot (docs/ids.md): the sample enriched by a web export that gives two observations (lines 16
    // and 21 of observations.csv) their iNaturalist ids; the others keep stable ids, 2^52 and up
    Path webExport = Files.createTempFile("refugium-clients-observations-", ".csv"); // outside the data dir
    webExport.toFile().deleteOnExit();
    Files.writeString(webExport, "id,uuid,created_at\n"
        + "116,beacdb22-2d55-494e-86fc-1a9a40b2565d,2022-01-16 10:00:00 UTC\n"
        + "121,c9b1bda4-2f48-4c56-8860-b241e7d280cc,2021-06-01 10:00:00 UTC\n");
    Snapshots.importRequest(dataDir, new SnapshotImporter.Request(List.of(SharedData.openDataSample()),
        fixture("dwca-russian-names"), null, webExport, "clients", true));
    // the default run (scripts/run) installs the three Coral bundles: score_image is checked as it serves them
    Path models = modelsDir;
    BundleInstaller installer = new BundleInstaller(models, false, line -> { });
    for (String b : List.of("coral-inat-birds", "coral-inat-insects", "coral-imagenet")) {
      installer.install(b, SharedData.models());
    }
    recognizer = Recognizer.load(ModelBundle.installed(models), 50_000_000L, line -> { });
    server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(dataDir), ApiConfig.defaults(), recognizer);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (recognizer != null) {
      recognizer.close();
    }
  }

  @Test
  void inaturalistjsReadsTheMirror() throws Exception {
    runScript("inaturalistjs-check.mjs");
  }

  @Test
  void pyinaturalistPagingAndDateTimes() throws Exception {
    runScript("pyinaturalist-paging.mjs");
  }

  private static void runScript(String script) throws Exception {
    if (!Files.isDirectory(CLIENTS.resolve("node_modules/inaturalistjs"))) {
      fail("clients/node_modules is not installed: run `npm ci` in " + CLIENTS
          + " (scripts/test does it before Maven)");
    }
    Path log = Files.createTempFile(dataDir, script, ".log");
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder("node", script, "http://127.0.0.1:" + server.port())
          .directory(CLIENTS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("SPARROW_PHOTO",
          SharedData.data("photos/wikimedia-birds/Passer domesticus.jpg").toAbsolutePath().toString());
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("cannot run `node` (Node 20+ must be on PATH for the client tests): " + e.getMessage(), e);
    }
    if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(script + " did not finish in " + SCRIPT_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail("node " + script + " exited " + p.exitValue() + ":\n" + output);
    }
    System.out.println(script + ": " + output.lines().reduce((a, b) -> b).orElse(""));
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(NodeClientsTest.class.getResource("/fixtures/" + name).toURI());
  }
}
