package org.refugium.cli;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.refugium.recognition.ImageDecoder;
import org.refugium.recognition.Label;
import org.refugium.recognition.Prediction;
import org.refugium.recognition.Preprocessor;
import org.refugium.recognition.TfliteClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Hidden: scripts/bench-preprocessing (issue 12, part 4). Top-1 / top-5 of the Coral bird model on the labelled
 * bird photos of ../shared/data/photos under each preprocessing choice: whole-image resize or centre crop, the
 * resampling filter, and test-time averaging (horizontal flip; resize + centre crop). A prediction is right
 * when its label is the species or one of its subspecies ("Junco hyemalis oreganus" for Junco hyemalis).
 *
 * <p>The wikimedia-birds photos are 150-px squares centred on the bird, which every choice gets right; so the
 * bench also reports the mean probability given to the right species, and a <em>reframed</em> set: each of those
 * photos placed at the left, centre and right of a 4:3 frame (300 × 225, filled with the photo's mean colour),
 * as a phone photo frames a bird, which is where crop and resize differ.
 */
@Command(name = "bench-preprocessing", hidden = true, mixinStandardHelpOptions = true)
final class BenchPreprocessingCommand implements Callable<Integer> {

  /** Names the 2017 Coral labels give under an older genus. */
  private static final Map<String, String> SYNONYMS = Map.of("Leiothlypis celata", "Oreothlypis celata");

  @Option(names = "--photos", required = true, paramLabel = "DIR", description = "../shared/data/photos (labels.csv)")
  Path photos;

  @Option(names = "--model-dir", required = true, paramLabel = "DIR", description = "../shared/models/coral-mobilenet-v2")
  Path modelDir;

  record Photo(String file, String species, boolean wikimedia) {}

  /** Tallies of one variant over one set. */
  static final class Score {
    int n;
    int top1;
    int top5;
    double probability;

    void add(int rank, double p) {
      n++;
      top1 += rank == 1 ? 1 : 0;
      top5 += rank <= 5 ? 1 : 0;
      probability += p;
    }

    String cells() {
      return String.format(Locale.ROOT, "%s | %s | %.3f", pct(top1, n), pct(top5, n), n == 0 ? 0 : probability / n);
    }
  }

  /** One way of turning a photo into the model's answer. */
  record Variant(String name, Preprocessor.Mode mode, Preprocessor.Filter filter, boolean flip, boolean withCrop) {}

  static final List<Variant> VARIANTS = List.of(
      new Variant("whole image, bilinear (default)", Preprocessor.Mode.RESIZE, Preprocessor.Filter.BILINEAR, false, false),
      new Variant("whole image, Lanczos-3", Preprocessor.Mode.RESIZE, Preprocessor.Filter.LANCZOS, false, false),
      new Variant("whole image, nearest", Preprocessor.Mode.RESIZE, Preprocessor.Filter.NEAREST, false, false),
      new Variant("centre crop, bilinear", Preprocessor.Mode.CENTER_CROP, Preprocessor.Filter.BILINEAR, false, false),
      new Variant("centre crop, Lanczos-3", Preprocessor.Mode.CENTER_CROP, Preprocessor.Filter.LANCZOS, false, false),
      new Variant("whole image, bilinear + flip", Preprocessor.Mode.RESIZE, Preprocessor.Filter.BILINEAR, true, false),
      new Variant("centre crop, bilinear + flip", Preprocessor.Mode.CENTER_CROP, Preprocessor.Filter.BILINEAR, true, false),
      new Variant("whole image + centre crop, bilinear", Preprocessor.Mode.RESIZE, Preprocessor.Filter.BILINEAR, false, true),
      new Variant("whole + crop, bilinear + flip", Preprocessor.Mode.RESIZE, Preprocessor.Filter.BILINEAR, true, true));

  @Override
  public Integer call() throws Exception {
    Path model = modelDir.resolve("mobilenet_v2_1.0_224_inat_bird_quant.tflite");
    Path labelsFile = modelDir.resolve("inat_bird_labels.txt");
    List<Label> labels = Label.read(labelsFile);
    List<Photo> set = photos(labels);
    long wikimedia = set.stream().filter(Photo::wikimedia).count();
    System.out.printf(Locale.ROOT, "bird model %s; %d labelled bird photos (%d in wikimedia-birds)%n",
        model.getFileName(), set.size(), wikimedia);
    ImageDecoder decoder = new ImageDecoder();
    Map<String, BufferedImage> images = new LinkedHashMap<>();
    for (Photo p : set) {
      images.put(p.file(), decoder.decode(photos.resolve(p.file())));
    }
    Map<String, TfliteClassifier> classifiers = new LinkedHashMap<>();
    Map<String, BufferedImage> reframed = new LinkedHashMap<>();
    Map<String, String> reframedSpecies = new LinkedHashMap<>();
    for (Photo p : set) {
      if (p.wikimedia()) {
        for (String where : List.of("left", "centre", "right")) {
          reframed.put(p.file() + "@" + where, reframe(images.get(p.file()), where));
          reframedSpecies.put(p.file() + "@" + where, p.species());
        }
      }
    }
    try {
      System.out.println("| preprocessing | wikimedia-birds top-1 | top-5 | mean p(right) | reframed (30) top-1 | top-5"
          + " | mean p(right) | all bird photos top-1 | top-5 | mean p(right) |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      for (Variant v : VARIANTS) {
        TfliteClassifier main = classifier(classifiers, model, labelsFile, v.mode(), v.filter());
        TfliteClassifier crop = v.withCrop()
            ? classifier(classifiers, model, labelsFile, Preprocessor.Mode.CENTER_CROP, v.filter()) : null;
        Score wiki = new Score();
        Score all = new Score();
        Score re = new Score();
        List<String> misses = new ArrayList<>();
        for (Photo p : set) {
          float[] probs = answer(v, main, crop, images.get(p.file()), labels.size());
          int rank = rank(probs, labels, p.species());
          double right = right(probs, labels, p.species());
          all.add(rank, right);
          if (p.wikimedia()) {
            wiki.add(rank, right);
          }
          if (rank != 1) {
            misses.add(p.file() + " (rank " + rank + ")");
          }
        }
        for (Map.Entry<String, BufferedImage> e : reframed.entrySet()) {
          String species = reframedSpecies.get(e.getKey());
          float[] probs = answer(v, main, crop, e.getValue(), labels.size());
          int rank = rank(probs, labels, species);
          re.add(rank, right(probs, labels, species));
          if (rank != 1) {
            misses.add(e.getKey() + " (rank " + rank + ")");
          }
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", v.name(), wiki.cells(), re.cells(), all.cells());
        System.err.println("  " + v.name() + " misses: " + misses);
      }
    } finally {
      classifiers.values().forEach(TfliteClassifier::close);
    }
    return 0;
  }

  /** The variant's averaged probabilities (1, 2 or 4 views), normalised to sum 1. */
  private static float[] answer(Variant v, TfliteClassifier main, TfliteClassifier crop, BufferedImage img, int n) {
    float[] probs = probabilities(main, img, n);
    int views = 1;
    if (v.flip()) {
      add(probs, probabilities(main, mirror(img), n));
      views++;
    }
    if (crop != null) {
      add(probs, probabilities(crop, img, n));
      views++;
      if (v.flip()) {
        add(probs, probabilities(crop, mirror(img), n));
        views++;
      }
    }
    for (int i = 0; i < n; i++) {
      probs[i] /= views;
    }
    return probs;
  }

  /** The probability given to the species (its labels summed). */
  private static double right(float[] probs, List<Label> labels, String species) {
    double sum = 0;
    for (int i = 0; i < probs.length; i++) {
      if (matches(labels.get(i), species)) {
        sum += probs[i];
      }
    }
    return sum;
  }

  /** The photo at the left, centre or right of a 4:3 frame twice its height... (300 × 225 for 150 px). */
  private static BufferedImage reframe(BufferedImage img, String where) {
    BufferedImage src = ImageDecoder.toIntRgb(img);
    int w = src.getWidth() * 2;
    int h = src.getHeight() * 3 / 2;
    long r = 0;
    long g = 0;
    long b = 0;
    int[] px = src.getRGB(0, 0, src.getWidth(), src.getHeight(), null, 0, src.getWidth());
    for (int p : px) {
      r += (p >> 16) & 255;
      g += (p >> 8) & 255;
      b += p & 255;
    }
    int mean = (int) (r / px.length) << 16 | (int) (g / px.length) << 8 | (int) (b / px.length);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D gr = out.createGraphics();
    gr.setColor(new java.awt.Color(mean));
    gr.fillRect(0, 0, w, h);
    int x = switch (where) {
      case "left" -> 0;
      case "right" -> w - src.getWidth();
      default -> (w - src.getWidth()) / 2;
    };
    gr.drawImage(src, x, (h - src.getHeight()) / 2, null);
    gr.dispose();
    return out;
  }

  /** The rows of labels.csv whose species the bird model has a label for. */
  private List<Photo> photos(List<Label> labels) throws IOException {
    List<Photo> out = new ArrayList<>();
    for (String line : Files.readAllLines(photos.resolve("labels.csv"), StandardCharsets.UTF_8)) {
      String[] f = line.split(",", 3);
      if (f.length < 2 || f[0].equals("file")) {
        continue;
      }
      String[] words = f[1].strip().split("\\s+");
      if (words.length < 2) {
        continue; // "Aves", "-": no species to check
      }
      String species = SYNONYMS.getOrDefault(words[0] + " " + words[1], words[0] + " " + words[1]);
      if (labels.stream().anyMatch(l -> matches(l, species))) {
        out.add(new Photo(f[0], species, f[0].startsWith("wikimedia-birds/")));
      }
    }
    return out;
  }

  private static boolean matches(Label l, String species) {
    String n = l.scientificName();
    return n != null && (n.equals(species) || n.startsWith(species + " "));
  }

  /** 1-based rank of the first label of the species (or a subspecies). */
  private static int rank(float[] probs, List<Label> labels, String species) {
    float best = -1;
    for (int i = 0; i < probs.length; i++) {
      if (matches(labels.get(i), species)) {
        best = Math.max(best, probs[i]);
      }
    }
    int rank = 1;
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] > best && !matches(labels.get(i), species)) {
        rank++;
      }
    }
    return rank;
  }

  private static float[] probabilities(TfliteClassifier c, BufferedImage img, int n) {
    float[] out = new float[n];
    for (Prediction p : c.classify(img)) {
      out[p.classIndex()] = p.probability();
    }
    return out;
  }

  private static void add(float[] into, float[] more) {
    for (int i = 0; i < into.length; i++) {
      into[i] += more[i];
    }
  }

  private static BufferedImage mirror(BufferedImage img) {
    AffineTransform t = AffineTransform.getScaleInstance(-1, 1);
    t.translate(-img.getWidth(), 0);
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(ImageDecoder.toIntRgb(img), out);
  }

  private static TfliteClassifier classifier(Map<String, TfliteClassifier> cache, Path model, Path labels,
      Preprocessor.Mode mode, Preprocessor.Filter filter) throws IOException {
    String key = mode + "/" + filter;
    TfliteClassifier c = cache.get(key);
    if (c == null) {
      c = TfliteClassifier.load(model, labels, new TfliteClassifier.Options(mode, filter, false,
          ImageDecoder.DEFAULT_MAX_PIXELS));
      cache.put(key, c);
    }
    return c;
  }

  private static String pct(int n, long of) {
    return String.format(Locale.ROOT, "%d/%d = %.0f%%", n, of, of == 0 ? 0 : 100.0 * n / of);
  }
}
