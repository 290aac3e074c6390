package org.refugium.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.refugium.recognition.Backbone;
import org.refugium.recognition.train.Evaluation;
import org.refugium.recognition.train.Examples;
import org.refugium.recognition.train.HeadTrainer;
import org.refugium.recognition.train.ObserverSplit;

/**
 * Benchmark, not a test (scripts/bench-train): training a softmax head on generated embeddings,
 * N photos × C taxa × D dimensions, with a long tail of class sizes (Zipf, s = 1) and photos spread
 * over observers. Each class is a random direction; a photo is its class direction plus noise,
 * made non-negative and unit length like MobileNetV2's pooled features. Prints the time per epoch,
 * the epochs to early stopping, the total, and the test top-1.
 *
 * <p>Arguments: photos, taxa, dimensions, max epochs, patience, threads.
 */
public final class TrainBench {

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int classes = Integer.parseInt(args[1]);
    int dims = Integer.parseInt(args[2]);
    int maxEpochs = Integer.parseInt(args[3]);
    int patience = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    SplittableRandom random = new SplittableRandom(42);
    float[][] centre = new float[classes][dims];
    for (float[] c : centre) {
      for (int d = 0; d < dims; d++) {
        c[d] = (float) Math.max(0, random.nextGaussian());
      }
    }
    double[] zipf = new double[classes];
    double h = 0;
    for (int c = 0; c < classes; c++) {
      zipf[c] = 1.0 / (c + 1);
      h += zipf[c];
    }
    // Every taxon gets 3 photos, the rest follows Zipf's law: a few taxa with thousands, a long tail.
    int[] label = new int[n];
    int at = 0;
    for (int c = 0; c < classes && at < n; c++) {
      for (int k = 0; k < 3 && at < n; k++) {
        label[at++] = c;
      }
    }
    int rest = n - at;
    for (int c = 0; c < classes && at < n; c++) {
      int count = (int) Math.round(rest * zipf[c] / h);
      for (int k = 0; k < count && at < n; k++) {
        label[at++] = c;
      }
    }
    while (at < n) {
      label[at++] = random.nextInt(classes);
    }
    long t0 = System.nanoTime();
    float[][] vectors = new float[n][];
    long[] observers = new long[n];
    long[] photos = new long[n];
    for (int i = 0; i < n; i++) {
      float[] v = new float[dims];
      float[] c = centre[label[i]];
      for (int d = 0; d < dims; d++) {
        v[d] = (float) Math.max(0, 0.25 * c[d] + random.nextGaussian());
      }
      vectors[i] = Backbone.normalize(v);
      observers[i] = random.nextInt(Math.max(1, n / 5));
      photos[i] = i + 1;
    }
    List<Integer> taxa = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      taxa.add(1_000_000 + c);
    }
    Examples ex = new Examples("generated@sha256:0#bench", vectors, label, observers, photos,
        List.copyOf(taxa));
    System.out.printf("generated %,d vectors × %d dimensions, %d taxa (largest %d photos, smallest"
            + " %d) in %.1f s%n", n, dims, classes, ex.counts()[0], ex.counts()[classes - 1],
        (System.nanoTime() - t0) / 1e9);
    ObserverSplit split = new ObserverSplit(1, 0.15, 0.15);
    int[] train = split.indexes(ex, ObserverSplit.Side.TRAIN);
    int[] validation = split.indexes(ex, ObserverSplit.Side.VALIDATION);
    int[] test = split.indexes(ex, ObserverSplit.Side.TEST);
    HeadTrainer.Params params = HeadTrainer.Params.defaults(1).withEpochs(maxEpochs, patience)
        .withThreads(threads);
    long cpu0 = cpuNanos();
    HeadTrainer.Result r = HeadTrainer.train(ex, train, validation, params, e ->
        System.out.printf("  epoch %3d  loss %.4f  validation loss %.4f  top-1 %.3f  %.1f s%n",
            e.epoch(), e.trainLoss(), e.validationLoss(), e.validationTop1(), e.seconds()));
    double cpu = (cpuNanos() - cpu0) / 1e9;
    long t1 = System.nanoTime();
    Evaluation eval = Evaluation.of("test", r.head(), ex, test, id -> "taxon " + id);
    double evalSeconds = (System.nanoTime() - t1) / 1e9;
    double perEpoch = r.history().stream().mapToDouble(HeadTrainer.Epoch::seconds).average()
        .orElse(0);
    System.out.printf("train %,d / validation %,d / test %,d photos; %d threads%n", train.length,
        validation.length, test.length, threads);
    System.out.printf("training: %.1f s for %d epochs (%.1f s per epoch, %s), best epoch %d;"
            + " evaluation of %,d test photos %.1f s; test top-1 %.3f, top-5 %.3f%n", r.seconds(),
        r.history().size(), perEpoch, r.stoppedEarly() ? "stopped early" : "epoch cap reached",
        r.bestEpoch(), test.length, evalSeconds, eval.top1(), eval.top5());
    System.out.printf("training used %.1f s of CPU (%.1f s per epoch; on an idle box with %d free"
        + " cores the wall time is about CPU / cores); load average %.1f%n", cpu,
        cpu / Math.max(1, r.history().size()), threads,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
