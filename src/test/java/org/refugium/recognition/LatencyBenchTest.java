package org.refugium.recognition;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.refugium.recognition.tflite.TfliteModel;

/**
 * Single-image latency at concurrency 1, after warm-up: p50 wall time of each stage and of the
 * whole call, and the same in CPU time of the calling thread. Tagged "bench" (excluded from
 * the default run). Run with
 * {@code mvn -o test -Dtest=LatencyBenchTest -Dsurefire.excludedGroups= -Dai.djl.pytorch.num_threads=1}:
 * with one intra-op thread PyTorch computes on the calling thread, so its CPU time is the
 * latency on an idle core even when the machine is shared (wall time then is not).
 */
@Tag("bench")
class LatencyBenchTest {

  private static final int WARMUP = 20;
  private static final int RUNS = 60;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
    TfliteModel model = TfliteModel.read(SharedFiles.model("inat_bird_quant"));
    ImageDecoder decoder = new ImageDecoder();
    Preprocessor pre = new Preprocessor(224, Preprocessor.Mode.RESIZE,
        Preprocessor.Filter.BILINEAR);
    try (TfliteClassifier c = TfliteClassifier.load(SharedFiles.model("inat_bird_quant"),
            SharedFiles.labels("inat_bird_labels.txt"));
        NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      TfliteGraph graph = new TfliteGraph(model, m, false);
      BufferedImage img = decoder.decode(jpeg);
      float[] pixels = pre.toTensor(img);
      Stat decode = measure(() -> decoder.decode(jpeg));
      Stat preprocess = measure(() -> pre.toTensor(img));
      Stat forward = measure(() -> graph.run(pixels, 224, 224));
      List<Timings> stages = new ArrayList<>();
      Stat endToEnd = measure(() -> stages.add(c.classify(jpeg).timings()));
      List<Timings> last = stages.subList(WARMUP, stages.size());
      System.out.printf("%s: classifier's own p50 stages (wall ms): decode %.1f, preprocess %.1f,"
          + " inference %.1f, postprocess %.1f%n", name,
          median(last.stream().mapToLong(Timings::decodeNanos).toArray()),
          median(last.stream().mapToLong(Timings::preprocessNanos).toArray()),
          median(last.stream().mapToLong(Timings::inferenceNanos).toArray()),
          median(last.stream().mapToLong(Timings::postprocessNanos).toArray()));
      System.out.printf("%s, %d runs, p50 wall/cpu ms: decode %s, preprocess %s, forward %s,"
          + " end-to-end %s; end-to-end/forward %.2f (wall) %.2f (cpu)%n", name, RUNS, decode,
          preprocess, forward, endToEnd, endToEnd.wall / forward.wall,
          endToEnd.cpu / forward.cpu);
    }
  }

  private record Stat(double wall, double cpu) {
    @Override
    public String toString() {
      return String.format("%.1f/%.1f", wall, cpu);
    }
  }

  private static Stat measure(Callable<?> task) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      task.call();
    }
    long[] wall = new long[RUNS];
    long[] cpu = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      task.call();
      wall[i] = System.nanoTime() - w0;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
    }
    return new Stat(median(wall), median(cpu));
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2] / 1e6;
  }
}
