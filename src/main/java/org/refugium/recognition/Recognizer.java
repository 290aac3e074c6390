package org.refugium.recognition;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The installed bundles, loaded once: decodes a photo once, lets the {@link Gate} pick the species
 * bundles that apply, runs them and returns every label's weighted score. Mapping labels to taxa
 * and merging by taxon is the API's business (it knows the snapshot). Thread-safe.
 */
public final class Recognizer implements AutoCloseable {

  /** A bundle and its loaded classifier. */
  public record Loaded(ModelBundle bundle, Classifier classifier) {
    public String name() {
      return bundle.name();
    }

    /** The clade name the gate knows this bundle by (e.g. "Aves"), or null. */
    public String group() {
      return bundle.manifest().covers() == null ? null : bundle.manifest().covers().name();
    }
  }

  /** One label of one applied bundle; {@code score} = the model's probability × the bundle's weight. */
  public record Scored(Loaded bundle, int classIndex, Label label, double score) {}

  /**
   * @param groupMass the gate's mass for the bundle's group; null when no gate ran
   * @param weight    the factor applied to its scores; 0 = not applied
   * @param loaded    the bundle itself
   */
  public record BundleUse(String name, String role, Double groupMass, double weight, Loaded loaded) {}

  public record Recognition(List<Scored> scores, List<BundleUse> bundles, Timings timings) {
    /** The same answer with the time the caller spent decoding the upload. */
    public Recognition withDecode(long nanos) {
      return new Recognition(scores, bundles, timings.withDecode(nanos));
    }
  }

  private final List<Loaded> species;
  private final Loaded gateBundle;
  private final Gate gate;
  private final ImageDecoder decoder;

  private Recognizer(List<Loaded> species, Loaded gateBundle, long maxPixels) {
    this.species = species;
    this.gateBundle = gateBundle;
    this.gate = gateBundle == null ? null : new Gate(gateBundle.bundle().manifest().groups());
    this.decoder = new ImageDecoder(maxPixels);
  }

  /** Loads every bundle (the first gate bundle is the gate; further ones are left unloaded). */
  public static Recognizer load(Collection<ModelBundle> bundles, long maxPixels, Consumer<String> log)
      throws IOException {
    List<Loaded> species = new ArrayList<>();
    Loaded gate = null;
    try {
      for (ModelBundle b : bundles) {
        if (b.manifest().isGate() && gate != null) {
          log.accept("model " + b.name() + ": a second gate bundle, not loaded (" + gate.name() + " is the gate)");
          continue;
        }
        long t0 = System.nanoTime();
        Loaded l = new Loaded(b, b.load());
        log.accept(String.format("model %s loaded in %.1f s (%s, %d classes, %s)", b.name(),
            (System.nanoTime() - t0) / 1e9, b.manifest().format(), l.classifier().labels().size(),
            b.manifest().isGate() ? "gate" : "covers " + (l.group() == null ? "any taxon" : l.group())));
        if (b.manifest().isGate()) {
          gate = l;
        } else {
          species.add(l);
        }
      }
    } catch (IOException | RuntimeException e) {
      species.forEach(l -> l.classifier().close());
      if (gate != null) {
        gate.classifier().close();
      }
      throw e;
    }
    return new Recognizer(List.copyOf(species), gate, maxPixels);
  }

  public List<Loaded> species() {
    return species;
  }

  public Loaded gate() {
    return gateBundle;
  }

  public boolean isEmpty() {
    return species.isEmpty();
  }

  private volatile org.refugium.recognition.archive.ArchiveRecognizer archive;

  /**
   * Makes the archive a source too: the gate bundle's network, cut before its classifier, embeds
   * uploads for the vector index under {@code dataDir} (docs/recognition.md, "Learned from the
   * archive"). Without a gate bundle there is no backbone and nothing changes.
   */
  public void attachArchive(java.nio.file.Path dataDir) throws java.io.IOException {
    if (gateBundle != null && archive == null
        && gateBundle.bundle().modelFile().toString().endsWith(".tflite")) {
      archive = new org.refugium.recognition.archive.ArchiveRecognizer(
          Backbone.load(gateBundle.bundle().modelFile(), null), dataDir);
    }
  }

  /** The archive source, or null. */
  public org.refugium.recognition.archive.ArchiveRecognizer archive() {
    return archive;
  }

  public BufferedImage decode(byte[] upload) throws UnreadableImageException {
    return decoder.decode(upload);
  }

  public Recognition recognize(byte[] upload, Collection<String> inPlay) throws UnreadableImageException {
    long t0 = System.nanoTime();
    BufferedImage image = decoder.decode(upload);
    long decode = System.nanoTime() - t0;
    return recognize(image, inPlay).withDecode(decode);
  }

  /** @param inPlay names of the species bundles allowed (the taxon_id restriction); null = all */
  public Recognition recognize(BufferedImage image, Collection<String> inPlay) {
    List<Loaded> candidates = species.stream().filter(l -> inPlay == null || inPlay.contains(l.name())).toList();
    Map<Loaded, Double> weights = new LinkedHashMap<>();
    Map<Loaded, Double> masses = new LinkedHashMap<>();
    long[] t = new long[3];
    if (candidates.size() == 1) {
      Loaded only = candidates.get(0);
      weights.put(only, 1.0);
      if (gate != null && species.size() > 1 && gate.knows(only.group())) {
        // the caller named the clade (taxon_id): the bundle answers at weight 1, but the gate still says
        // whether it sees that clade at all, so a forced answer is not shown as an identification
        Classification g = gateBundle.classifier().classifyTimed(image);
        add(t, g.timings());
        masses.put(only, gate.masses(g.predictions()).get(only.group()));
      }
    } else if (candidates.size() > 1 && gate != null && candidates.stream().allMatch(l -> gate.knows(l.group()))) {
      Classification g = gateBundle.classifier().classifyTimed(image);
      add(t, g.timings());
      Map<String, Double> byGroup = new LinkedHashMap<>();
      Map<String, Double> all = gate.masses(g.predictions());
      for (Loaded l : candidates) {
        byGroup.put(l.group(), all.get(l.group()));
        masses.put(l, all.get(l.group()));
      }
      Map<String, Double> w = Gate.weights(byGroup);
      for (Loaded l : candidates) {
        if (w.containsKey(l.group())) {
          weights.put(l, w.get(l.group()));
        }
      }
    } else {
      // several specialists and no gate that knows them all: run each at an equal share
      for (Loaded l : candidates) {
        weights.put(l, 1.0 / candidates.size());
      }
    }
    List<Scored> scores = new ArrayList<>();
    for (Map.Entry<Loaded, Double> e : weights.entrySet()) {
      Classification c = e.getKey().classifier().classifyTimed(image);
      add(t, c.timings());
      for (Prediction p : c.predictions()) {
        Label label = e.getKey().classifier().labels().get(p.classIndex());
        scores.add(new Scored(e.getKey(), p.classIndex(), label, p.probability() * e.getValue()));
      }
    }
    scores.sort((a, b) -> Double.compare(b.score(), a.score()));
    List<BundleUse> uses = new ArrayList<>();
    if (gateBundle != null) {
      uses.add(new BundleUse(gateBundle.name(), BundleManifest.GATE, null, masses.isEmpty() ? 0 : 1, gateBundle));
    }
    for (Loaded l : species) {
      uses.add(new BundleUse(l.name(), BundleManifest.SPECIES, masses.get(l), weights.getOrDefault(l, 0.0), l));
    }
    return new Recognition(scores, uses, new Timings(0, t[0], t[1], t[2]));
  }

  private static void add(long[] t, Timings x) {
    t[0] += x.preprocessNanos();
    t[1] += x.inferenceNanos();
    t[2] += x.postprocessNanos();
  }

  @Override
  public void close() {
    if (archive != null) {
      try {
        archive.close();
      } catch (java.io.IOException e) {
        // closing readers of a derived index: nothing to save
      }
    }
    species.forEach(l -> l.classifier().close());
    if (gateBundle != null) {
      gateBundle.classifier().close();
    }
  }
}
