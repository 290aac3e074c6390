package org.refugium.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.refugium.recognition.BundleCatalogue;
import org.refugium.recognition.BundleManifest;
import org.refugium.recognition.Gate;
import org.refugium.recognition.ImageDecoder;
import org.refugium.recognition.Prediction;
import org.refugium.recognition.TfliteClassifier;

/**
 * Benchmark, not a test (scripts/bench-gate): the ImageNet gate on every labelled photo set in
 * ../shared/data/photos, with the groups of the shipped catalogue. Per set: how often each group
 * reaches {@link Gate#MIN_MASS} (passes), its median mass, and which groups {@link Gate#weights}
 * applies with the bird and insect groups only (the Coral bundles: before) and with every group
 * (a bundle per group installed: after), in the same run. Also writes
 * every photo's full 1,001-class probability vector (probs.csv) so other group definitions can be
 * tried without running the network again. Args: photosDir modelsDir outDir.
 */
public final class GateBench {

  public static void main(String[] args) throws Exception {
    Path photos = Path.of(args[0]);
    Path models = Path.of(args[1]);
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    BundleManifest gateEntry = BundleCatalogue.entries().stream().filter(BundleManifest::isGate)
        .findFirst().orElseThrow();
    Gate gate = new Gate(gateEntry.groups());
    Map<String, List<Path>> sets = sets(photos);
    ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
    try (TfliteClassifier c = TfliteClassifier.load(models.resolve(gateEntry.model()),
            models.resolve(gateEntry.labels()));
        PrintWriter probs = new PrintWriter(Files.newBufferedWriter(out.resolve("probs.csv")))) {
      System.out.printf("groups: %s; MIN_MASS %.2f, RELATIVE %.2f%n", gateEntry.groups().keySet(),
          Gate.MIN_MASS, Gate.RELATIVE);
      System.out.println("per group: passes MIN_MASS / median mass | applied by Gate.weights with the Coral bird and"
          + " insect bundles only (before) | with every group's bundle installed (after: applied, alone = weight 1)");
      for (Map.Entry<String, List<Path>> set : sets.entrySet()) {
        Map<String, int[]> counts = new LinkedHashMap<>(); // passes, applied before, applied after, alone after
        Map<String, List<Double>> all = new LinkedHashMap<>();
        int[] none = new int[2];
        int n = 0;
        for (Path p : set.getValue()) {
          float[] byClass = new float[c.labels().size()];
          List<Prediction> pred;
          try {
            pred = c.classify(decoder.decode(Files.readAllBytes(p)));
          } catch (Exception e) {
            System.err.println("skipped " + p.getFileName() + ": " + e.getMessage());
            continue;
          }
          n++;
          for (Prediction x : pred) {
            byClass[x.classIndex()] = x.probability();
          }
          StringBuilder row = new StringBuilder(set.getKey()).append(',')
              .append(p.getFileName().toString().replace(',', '_'));
          for (float f : byClass) {
            row.append(',').append(String.format(Locale.ROOT, "%.5f", f));
          }
          probs.println(row);
          Map<String, Double> m = gate.masses(pred);
          Map<String, Double> coral = new LinkedHashMap<>(m);
          coral.keySet().retainAll(List.of("Aves", "Insecta"));
          Map<String, Double> before = Gate.weights(coral);
          Map<String, Double> after = Gate.weights(m);
          none[0] += before.isEmpty() ? 1 : 0;
          none[1] += after.isEmpty() ? 1 : 0;
          for (Map.Entry<String, Double> e : m.entrySet()) {
            int[] k = counts.computeIfAbsent(e.getKey(), x -> new int[4]);
            all.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(e.getValue());
            k[0] += e.getValue() >= Gate.MIN_MASS ? 1 : 0;
            k[1] += before.containsKey(e.getKey()) ? 1 : 0;
            k[2] += after.containsKey(e.getKey()) ? 1 : 0;
            k[3] += after.getOrDefault(e.getKey(), 0.0) == 1.0 ? 1 : 0;
          }
        }
        StringBuilder pass = new StringBuilder();
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
          List<Double> v = all.get(e.getKey());
          v.sort(null);
          int[] k = e.getValue();
          pass.append(String.format(Locale.ROOT, "%s %d/%.2f ", e.getKey(), k[0], v.get(v.size() / 2)));
          if (!e.getKey().equals("Aves") && !e.getKey().equals("Insecta")) {
            k[1] = -1;
          }
          if (k[1] >= 0) {
            before.append(String.format(Locale.ROOT, "%s %d ", e.getKey(), k[1]));
          }
          after.append(String.format(Locale.ROOT, "%s %d (alone %d) ", e.getKey(), k[2], k[3]));
        }
        System.out.printf(Locale.ROOT, "%-25s %3d | %s| before: %snone %d | after: %snone %d%n", set.getKey(), n,
            pass, before, none[0], after, none[1]);
      }
    }
  }

  /** plants/<taxon>/ per taxon, then every other folder. */
  private static Map<String, List<Path>> sets(Path photos) throws Exception {
    Map<String, List<Path>> sets = new LinkedHashMap<>();
    try (Stream<Path> dirs = Files.list(photos.resolve("plants"))) {
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        sets.put("plants/" + d.getFileName(), images(d));
      }
    }
    try (Stream<Path> dirs = Files.list(photos)) {
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        if (!d.getFileName().toString().equals("plants")) {
          sets.put(d.getFileName().toString(), images(d));
        }
      }
    }
    return sets;
  }

  private static List<Path> images(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png|bmp)$")).sorted().toList();
    }
  }
}
