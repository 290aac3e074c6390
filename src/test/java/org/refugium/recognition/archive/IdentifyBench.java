package org.refugium.recognition.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.refugium.api.ApiConfig;
import org.refugium.archive.SqliteFiles;
import org.refugium.importer.SnapshotImporter;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.progress.Progress;
import org.refugium.recognition.Backbone;
import org.refugium.recognition.BundleInstaller;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.recognition.train.ExampleReader;
import org.refugium.recognition.train.HeadTrainer;
import org.refugium.recognition.train.ObserverSplit;
import org.refugium.recognition.train.TrainJob;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.web.WebConfig;

/**
 * Benchmark, not a test (scripts/bench-identify): the end-to-end identify through a real server:
 * a multipart upload of a held-out plant photo to {@code /v1/computervision/score_image}, answered
 * with the archive's evidence (the ImageNet gate embeds it, the vector index is searched) and the
 * plant head trained from the same archive (`models train`). Latency per request, one client, after
 * a warm-up. Args: workDir requests.
 */
public final class IdentifyBench {

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int requests = Integer.parseInt(args[1]);
    if (Files.exists(work)) {
      try (var s = Files.walk(work)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    List<PlantArchive.Photo> all = PlantArchive.labelled();
    Predicate<PlantArchive.Photo> twoThirds = PlantArchive.twoThirds(all);
    List<PlantArchive.Photo> archived = all.stream().filter(twoThirds).toList();
    List<PlantArchive.Photo> heldOut = all.stream().filter(twoThirds.negate()).toList();
    Path data = work.resolve("data");
    PlantArchive.build(data, work.resolve("photos"), archived);
    Path models = work.resolve("models");
    new BundleInstaller(models, false, l -> { }).install("coral-imagenet", SharedData.models());
    ModelBundle gate = ModelBundle.installed(models).get(0);
    long t0 = System.nanoTime();
    Path index;
    try (Backbone backbone = Backbone.load(gate.modelFile(), null);
        Connection db = SqliteFiles.openReadOnly(data.resolve("plants").resolve(SnapshotImporter.DATABASE));
        DirectoryPhotoStore store = DirectoryPhotoStore.open(work.resolve("photos"))) {
      index = VectorIndex.dir(data, "plants", backbone.id());
      try (VectorIndexWriter writer = VectorIndexWriter.open(index, "plants", backbone.id(),
          backbone.dimensions(), VectorFormat.FLOAT32, 100)) {
        new EmbedJob(db, store, backbone, "medium", 2, Progress.silent()).run(writer, 0);
      }
      TrainJob.run(new TrainJob.Request("plants", db, index, gate.modelFile(),
          new ExampleReader.Selection(47126, 20, null), new ObserverSplit(1, 0.15, 0.15),
          HeadTrainer.Params.defaults(1), "archive-plants", work.resolve("head")), Progress.silent());
    }
    new BundleInstaller(models, false, l -> { }).install(work.resolve("head").toString(), null);
    System.out.printf("archive of %d photos embedded and a plant head trained in %.1f s%n",
        archived.size(), (System.nanoTime() - t0) / 1e9);
    try (Recognizer recognizer = Recognizer.load(ModelBundle.installed(models), 50_000_000L, l -> { });
        NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data),
            WebConfig.of(new ApiConfig("/photos")), recognizer)) {
      ObjectMapper json = new ObjectMapper();
      // one client for the whole run, as a real client keeps its connection: a new client per request
      // paid a new connection and the client's own start-up on every request
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      for (int i = 0; i < 20; i++) {
        TrainFromArchiveTest.post(client, server.port(), heldOut.get(i % heldOut.size()).file());
      }
      double[] ms = new double[requests];
      java.util.Map<String, double[]> stages = new java.util.LinkedHashMap<>();
      int right = 0;
      int withEvidence = 0;
      long cpu0 = cpuNanos();
      for (int i = 0; i < requests; i++) {
        PlantArchive.Photo p = heldOut.get(i % heldOut.size());
        long s = System.nanoTime();
        var r = TrainFromArchiveTest.post(client, server.port(), p.file());
        ms[i] = (System.nanoTime() - s) / 1e6;
        if (r.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        int n = i;
        for (String part : r.headers().firstValue("Server-Timing").orElse("").split(",")) {
          String name = part.strip().substring(0, part.strip().indexOf(';'));
          stages.computeIfAbsent(name, k -> new double[requests])[n] =
              Double.parseDouble(part.substring(part.indexOf("dur=") + 4));
        }
        JsonNode body = json.readTree(r.body());
        withEvidence += body.path("archive").path("evidence").size() > 0 ? 1 : 0;
        right += body.get("results").get(0).get("taxon").get("id").asInt() == p.taxonId() ? 1 : 0;
      }
      double cpu = (cpuNanos() - cpu0) / 1e9;
      Arrays.sort(ms);
      System.out.printf("score_image end to end (upload %d held-out photos, ~100 kB JPEG, answer with"
              + " evidence): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms; %.1f ms CPU per request (server"
              + " and client in one process); top-1 right %d of %d (Acer's 6 cannot be), %d with"
              + " evidence; load average %s%n", requests, ms[requests / 2], ms[requests * 9 / 10],
          ms[Math.min(requests - 1, requests * 99 / 100)], 1000 * cpu / requests, right, requests,
          withEvidence, Files.readString(Path.of("/proc/loadavg")).strip());
      // where the server's time goes (Server-Timing, p50 of each stage); the rest of the end-to-end
      // figure is HTTP, multipart parsing, JSON serialisation and the client
      StringBuilder b = new StringBuilder("server stages, p50 ms:");
      for (var e : stages.entrySet()) {
        Arrays.sort(e.getValue());
        b.append(String.format(" %s %.1f,", e.getKey(), e.getValue()[requests / 2]));
      }
      System.out.println(b.substring(0, b.length() - 1));
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
