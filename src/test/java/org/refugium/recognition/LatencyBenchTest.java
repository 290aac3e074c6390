package org.refugium.recognition;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import javax.imageio.ImageIO;
import java.util.Arrays;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Single-image latency at concurrency 1, after warm-up. Tagged "bench" (excluded from the
 * default run); run with {@code mvn -o test -Dtest=LatencyBenchTest -Dsurefire.excludedGroups=}.
 */
@Tag("bench")
class LatencyBenchTest {

  private static final int WARMUP = 20;
  private static final int RUNS = 100;

  @Test
  void parrotOnBirdModel() throws Exception {
    bench("parrot.jpg 512x929", Files.readAllBytes(SharedFiles.photo("open-images/parrot.jpg")));
  }

  /** The target case: an upload already at the model's 224 px. */
  @Test
  void parrotAt224() throws Exception {
    BufferedImage small = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(new ImageDecoder().decode(SharedFiles.photo("open-images/parrot.jpg")),
        0, 0, 224, 224, null);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(small, "jpg", out);
    bench("parrot 224x224 JPEG", out.toByteArray());
  }

  private static void bench(String name, byte[] jpeg) throws Exception {
    try (TfliteClassifier c = TfliteClassifier.load(SharedFiles.model("inat_bird_quant"),
        SharedFiles.labels("inat_bird_labels.txt"))) {
      for (int i = 0; i < WARMUP; i++) {
        c.classify(jpeg);
      }
      Timings[] t = new Timings[RUNS];
      long[] wall = new long[RUNS];
      for (int i = 0; i < RUNS; i++) {
        long start = System.nanoTime();
        t[i] = c.classify(jpeg).timings();
        wall[i] = System.nanoTime() - start;
      }
      System.out.printf(name + ", %d runs: p50 decode %.1f, preprocess %.1f, "
          + "inference %.1f, postprocess %.1f, end-to-end %.1f ms (p90 %.1f)%n", RUNS,
          p(t, Timings::decodeNanos, 50), p(t, Timings::preprocessNanos, 50),
          p(t, Timings::inferenceNanos, 50), p(t, Timings::postprocessNanos, 50),
          pct(wall, 50), pct(wall, 90));
    }
  }

  private static double p(Timings[] t, ToLongFunction<Timings> f, int pct) {
    return pct(Arrays.stream(t).mapToLong(f).toArray(), pct);
  }

  private static double pct(long[] values, int pct) {
    long[] s = values.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, s.length * pct / 100)] / 1e6;
  }
}
