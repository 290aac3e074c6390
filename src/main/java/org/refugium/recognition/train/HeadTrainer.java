package org.refugium.recognition.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.refugium.recognition.SoftmaxHead;

/**
 * Trains a softmax head (multinomial logistic regression, one linear layer) on embeddings, in
 * plain Java: mini-batch Adam with L2, class weights for the long tail, early stopping on the
 * validation split, the best epoch kept. Why not DJL's training API: the model is one matrix
 * product; our loops (laid out so that HotSpot vectorises them) avoid copying every batch into
 * native memory and are deterministic by construction (docs/recognition.md, "Training").
 *
 * <p>Determinism: the weights start at zero, batches come from a {@link Random} seeded with the
 * seed, and every output value is computed by one thread in a fixed order (parallelism is over
 * classes, never over a sum), so the same seed gives bit-identical weights on any number of cores.
 *
 * <p>Features are standardised (mean 0, variance 1 per dimension, from the training split) while
 * training, which makes one learning rate fit every dimension; the returned head has the
 * standardisation folded into W and b.
 */
public final class HeadTrainer {

  /**
   * @param maxClassWeight class weights are N / (classes × photos of the class), capped at this
   *     (a taxon with 3 photos must not outweigh everything), then scaled to average 1 per photo
   */
  public record Params(long seed, int maxEpochs, int patience, int batchSize, double learningRate,
      double l2, double maxClassWeight, int threads) {
    public static Params defaults(long seed) {
      return new Params(seed, 200, 5, 128, 0.002, 1e-4, 10,
          Runtime.getRuntime().availableProcessors());
    }

    public Params withEpochs(int max, int patience) {
      return new Params(seed, max, patience, batchSize, learningRate, l2, maxClassWeight, threads);
    }

    public Params withThreads(int n) {
      return new Params(seed, maxEpochs, patience, batchSize, learningRate, l2, maxClassWeight, n);
    }
  }

  /** One epoch: mean weighted losses, validation top-1, time. */
  public record Epoch(int epoch, double trainLoss, double validationLoss, double validationTop1,
      double seconds) {}

  /** The head of the best epoch (standardisation folded in) and the history. */
  public record Result(SoftmaxHead head, int bestEpoch, List<Epoch> history, boolean stoppedEarly,
      double seconds) {}

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final Examples examples;
  private final Params params;
  private final int dims;
  private final int classes;
  private final float[] mean;
  private final float[] invStd;
  private final float[] classWeight;
  private final ForkJoinPool pool;
  private float[][] w;
  private float[] b;

  private HeadTrainer(Examples examples, int[] train, Params params) {
    this.examples = examples;
    this.params = params;
    this.dims = examples.dimensions();
    this.classes = examples.classCount();
    this.mean = new float[dims];
    this.invStd = new float[dims];
    standardisation(train);
    this.classWeight = classWeights(train);
    this.pool = new ForkJoinPool(Math.max(1, params.threads()));
    this.w = new float[classes][dims];
    this.b = new float[classes];
  }

  /**
   * Trains on {@code train}, stops early on {@code validation}; {@code epochs} hears each epoch.
   */
  public static Result train(Examples examples, int[] train, int[] validation, Params params,
      Consumer<Epoch> epochs) {
    if (train.length == 0 || validation.length == 0) {
      throw new IllegalArgumentException("the training and the validation split each need photos"
          + " (training " + train.length + ", validation " + validation.length + ")");
    }
    HeadTrainer t = new HeadTrainer(examples, train, params);
    try {
      return t.run(train, validation, epochs);
    } finally {
      t.pool.shutdown();
    }
  }

  private Result run(int[] train, int[] validation, Consumer<Epoch> epochs) {
    long start = System.nanoTime();
    Random random = new Random(params.seed());
    int[] order = train.clone();
    float[][] m = new float[classes][dims];
    float[][] v = new float[classes][dims];
    float[] mb = new float[classes];
    float[] vb = new float[classes];
    Batch batch = new Batch(Math.min(params.batchSize(), order.length));
    List<Epoch> history = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    float[][] bestW = copy(w);
    float[] bestB = b.clone();
    long step = 0;
    boolean early = false;
    for (int epoch = 1; epoch <= params.maxEpochs(); epoch++) {
      long t0 = System.nanoTime();
      shuffle(order, random);
      double lossSum = 0;
      double weightSum = 0;
      for (int from = 0; from < order.length; from += params.batchSize()) {
        int n = Math.min(params.batchSize(), order.length - from);
        batch.load(order, from, n);
        forward(batch);
        lossSum += softmaxAndGradient(batch);
        for (int i = 0; i < n; i++) {
          weightSum += classWeight[examples.classes()[batch.rows[i]]];
        }
        step++;
        adam(batch, m, v, mb, vb, step);
      }
      double[] val = validate(validation, batch);
      Epoch e = new Epoch(epoch, lossSum / weightSum, val[0], val[1],
          (System.nanoTime() - t0) / 1e9);
      history.add(e);
      epochs.accept(e);
      if (val[0] < best - 1e-6) {
        best = val[0];
        bestEpoch = epoch;
        bestW = copy(w);
        bestB = b.clone();
      } else if (epoch - bestEpoch >= params.patience()) {
        early = true;
        break;
      }
    }
    w = bestW;
    b = bestB;
    return new Result(fold(), bestEpoch, List.copyOf(history), early,
        (System.nanoTime() - start) / 1e9);
  }

  /** A mini-batch: standardised rows (for the gradient) and their transpose (for the forward). */
  private final class Batch {
    final int[] rows;
    final float[][] x;
    final float[][] xt;
    final float[][] z;
    final double[] loss;
    int n;

    Batch(int size) {
      rows = new int[size];
      x = new float[size][dims];
      xt = new float[dims][size];
      z = new float[classes][size];
      loss = new double[size];
    }

    void load(int[] order, int from, int count) {
      n = count;
      for (int i = 0; i < n; i++) {
        rows[i] = order[from + i];
        float[] src = examples.vectors()[rows[i]];
        float[] dst = x[i];
        for (int d = 0; d < dims; d++) {
          dst[d] = (src[d] - mean[d]) * invStd[d];
        }
      }
      for (int d = 0; d < dims; d++) {
        float[] col = xt[d];
        for (int i = 0; i < n; i++) {
          col[i] = x[i][d];
        }
      }
    }
  }

  /** z[c][i] = b[c] + W[c]·x[i], as axpy over the batch (vectorised), parallel over classes. */
  private void forward(Batch batch) {
    int n = batch.n;
    pool.submit(() -> IntStream.range(0, classes).parallel().forEach(c -> {
      float[] z = batch.z[c];
      float[] wc = w[c];
      java.util.Arrays.fill(z, 0, n, b[c]);
      int d = 0;
      // four dimensions per pass: z is loaded and stored once per four multiply-adds
      for (; d + 3 < dims; d += 4) {
        float a0 = wc[d];
        float a1 = wc[d + 1];
        float a2 = wc[d + 2];
        float a3 = wc[d + 3];
        float[] x0 = batch.xt[d];
        float[] x1 = batch.xt[d + 1];
        float[] x2 = batch.xt[d + 2];
        float[] x3 = batch.xt[d + 3];
        for (int i = 0; i < n; i++) {
          z[i] += a0 * x0[i] + a1 * x1[i] + a2 * x2[i] + a3 * x3[i];
        }
      }
      for (; d < dims; d++) {
        float a = wc[d];
        float[] x = batch.xt[d];
        for (int i = 0; i < n; i++) {
          z[i] += a * x[i];
        }
      }
    })).join();
  }

  /**
   * Softmax per example, the weighted cross-entropy, and z turned into the gradient of the mean
   * batch loss with respect to the logits. Returns the summed weighted loss.
   */
  private double softmaxAndGradient(Batch batch) {
    int n = batch.n;
    pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
      int y = examples.classes()[batch.rows[i]];
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, batch.z[c][i]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(batch.z[c][i] - max);
      }
      double logSum = Math.log(sum) + max;
      double sw = classWeight[y];
      batch.loss[i] = sw * (logSum - batch.z[y][i]);
      for (int c = 0; c < classes; c++) {
        double p = Math.exp(batch.z[c][i] - logSum);
        batch.z[c][i] = (float) (sw * (p - (c == y ? 1 : 0)) / n);
      }
    })).join();
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += batch.loss[i];
    }
    return total;
  }

  /** Gradient of W row by row (axpy over the dimensions), L2, and Adam's update, per class. */
  private void adam(Batch batch, float[][] m, float[][] v, float[] mb, float[] vb, long step) {
    int n = batch.n;
    double lr = params.learningRate() * Math.sqrt(1 - Math.pow(BETA2, step))
        / (1 - Math.pow(BETA1, step));
    float l2 = (float) params.l2();
    pool.submit(() -> IntStream.range(0, classes).parallel().forEach(c -> {
      float[] g = new float[dims];
      float[] gz = batch.z[c];
      float gb = 0;
      int i = 0;
      // four photos per pass over the row (as in forward)
      for (; i + 3 < n; i += 4) {
        float a0 = gz[i];
        float a1 = gz[i + 1];
        float a2 = gz[i + 2];
        float a3 = gz[i + 3];
        gb += a0 + a1 + a2 + a3;
        float[] x0 = batch.x[i];
        float[] x1 = batch.x[i + 1];
        float[] x2 = batch.x[i + 2];
        float[] x3 = batch.x[i + 3];
        for (int d = 0; d < dims; d++) {
          g[d] += a0 * x0[d] + a1 * x1[d] + a2 * x2[d] + a3 * x3[d];
        }
      }
      for (; i < n; i++) {
        float a = gz[i];
        gb += a;
        float[] x = batch.x[i];
        for (int d = 0; d < dims; d++) {
          g[d] += a * x[d];
        }
      }
      float[] wc = w[c];
      float[] mc = m[c];
      float[] vc = v[c];
      for (int d = 0; d < dims; d++) {
        float grad = g[d] + l2 * wc[d];
        mc[d] = (float) (BETA1 * mc[d] + (1 - BETA1) * grad);
        vc[d] = (float) (BETA2 * vc[d] + (1 - BETA2) * grad * grad);
        wc[d] -= (float) (lr * mc[d] / (Math.sqrt(vc[d]) + EPSILON));
      }
      mb[c] = (float) (BETA1 * mb[c] + (1 - BETA1) * gb);
      vb[c] = (float) (BETA2 * vb[c] + (1 - BETA2) * gb * gb);
      b[c] -= (float) (lr * mb[c] / (Math.sqrt(vb[c]) + EPSILON));
    })).join();
  }

  /** Mean weighted loss and top-1 on the validation rows, with the current weights. */
  private double[] validate(int[] rows, Batch batch) {
    double loss = 0;
    double weights = 0;
    int right = 0;
    for (int from = 0; from < rows.length; from += batch.rows.length) {
      int n = Math.min(batch.rows.length, rows.length - from);
      batch.load(rows, from, n);
      forward(batch);
      for (int i = 0; i < n; i++) {
        int y = examples.classes()[batch.rows[i]];
        int arg = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          if (batch.z[c][i] > max) {
            max = batch.z[c][i];
            arg = c;
          }
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += Math.exp(batch.z[c][i] - max);
        }
        double sw = classWeight[y];
        loss += sw * (Math.log(sum) + max - batch.z[y][i]);
        weights += sw;
        right += arg == y ? 1 : 0;
      }
    }
    return new double[] {loss / weights, (double) right / rows.length};
  }

  private void standardisation(int[] train) {
    double[] sum = new double[dims];
    double[] sq = new double[dims];
    for (int r : train) {
      float[] x = examples.vectors()[r];
      for (int d = 0; d < dims; d++) {
        sum[d] += x[d];
        sq[d] += (double) x[d] * x[d];
      }
    }
    for (int d = 0; d < dims; d++) {
      double mu = sum[d] / train.length;
      double var = Math.max(0, sq[d] / train.length - mu * mu);
      mean[d] = (float) mu;
      invStd[d] = var > 1e-12 ? (float) (1 / Math.sqrt(var)) : 1f;
    }
  }

  private float[] classWeights(int[] train) {
    int[] count = new int[classes];
    for (int r : train) {
      count[examples.classes()[r]]++;
    }
    float[] out = new float[classes];
    double mean = 0;
    for (int c = 0; c < classes; c++) {
      out[c] = (float) (count[c] == 0 ? params.maxClassWeight()
          : Math.min(params.maxClassWeight(), (double) train.length / (classes * count[c])));
      mean += (double) out[c] * count[c];
    }
    mean /= train.length;
    for (int c = 0; c < classes; c++) {
      out[c] = (float) (out[c] / mean);
    }
    return out;
  }

  /** W' = W / std, b' = b - W'·mean: the head applies to raw embeddings. */
  private SoftmaxHead fold() {
    float[] flat = new float[classes * dims];
    float[] bias = new float[classes];
    for (int c = 0; c < classes; c++) {
      double shift = 0;
      for (int d = 0; d < dims; d++) {
        float wd = w[c][d] * invStd[d];
        flat[c * dims + d] = wd;
        shift += (double) wd * mean[d];
      }
      bias[c] = (float) (b[c] - shift);
    }
    return new SoftmaxHead(examples.backbone(), dims, classes, flat, bias);
  }

  private static float[][] copy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
