package org.refugium.recognition;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.refugium.recognition.tflite.TensorInfo;
import org.refugium.recognition.tflite.TfliteModel;

/**
 * An image classifier from a TFLite file and its label list, run on DJL's PyTorch engine (CPU).
 *
 * <p>Load once and share: the weights are converted to float32 NDArrays at load and kept in a
 * long-lived manager; every call works in its own sub-manager, so concurrent calls are safe.
 * {@link #close()} waits for calls in flight.
 */
public final class TfliteClassifier implements Classifier {

  private static final String ENGINE = "PyTorch";

  private final NDManager manager;
  private final TfliteGraph graph;
  private final List<Label> labels;
  private final Preprocessor preprocessor;
  private final ImageDecoder decoder;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private TfliteClassifier(NDManager manager, TfliteGraph graph, List<Label> labels,
      Preprocessor preprocessor, ImageDecoder decoder) {
    this.manager = manager;
    this.graph = graph;
    this.labels = labels;
    this.preprocessor = preprocessor;
    this.decoder = decoder;
  }

  /** Whole-image bilinear resize, float activations, 50 MP decode limit. */
  public static TfliteClassifier load(Path model, Path labels) throws IOException {
    return load(model, labels, Options.DEFAULTS);
  }

  /**
   * @param simulateQuantization round every uint8 activation to its grid, as TFLite's integer
   *     kernels do (slower; for comparing with TFLite, not needed for accuracy)
   */
  public record Options(Preprocessor.Mode mode, Preprocessor.Filter filter,
      boolean simulateQuantization, long maxPixels) {
    public static final Options DEFAULTS = new Options(Preprocessor.Mode.RESIZE,
        Preprocessor.Filter.BILINEAR, false, ImageDecoder.DEFAULT_MAX_PIXELS);
  }

  public static TfliteClassifier load(Path model, Path labelsFile, Options options)
      throws IOException {
    TfliteModel tflite = TfliteModel.read(model);
    List<Label> labels = Label.read(labelsFile);
    NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE);
    try {
      TfliteGraph graph = new TfliteGraph(tflite, manager, options.simulateQuantization());
      int[] in = graph.input().shape();
      if (in.length != 4 || in[0] != 1 || in[3] != 3 || in[1] != in[2]) {
        throw new UnsupportedModelException("input must be [1, n, n, 3], is " + graph.input());
      }
      TensorInfo out = graph.output();
      long classes = out.elementCount();
      if (classes != labels.size()) {
        throw new IllegalArgumentException(model.getFileName() + " has " + classes
            + " classes but " + labelsFile.getFileName() + " has " + labels.size() + " labels");
      }
      return new TfliteClassifier(manager, graph, labels,
          new Preprocessor(in[1], options.mode(), options.filter()),
          new ImageDecoder(options.maxPixels()));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** All classes, most probable first. */
  public List<Prediction> classify(BufferedImage image) {
    return classifyTimed(image).predictions();
  }

  /** Classifies a decoded image; the decode time is 0. */
  @Override
  public Classification classifyTimed(BufferedImage image) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("classifier is closed");
      }
      long t0 = System.nanoTime();
      float[] pixels = preprocessor.toTensor(image);
      long t1 = System.nanoTime();
      float[] scores = graph.run(pixels, preprocessor.size(), preprocessor.size());
      long t2 = System.nanoTime();
      List<Prediction> predictions = rank(scores, labels);
      long t3 = System.nanoTime();
      return new Classification(predictions, new Timings(0, t1 - t0, t2 - t1, t3 - t2));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Decodes an upload (EXIF orientation, CMYK, grey handled) and classifies it. */
  @Override
  public Classification classify(byte[] encodedImage) throws UnreadableImageException {
    long t0 = System.nanoTime();
    BufferedImage image = decoder.decode(encodedImage);
    long decode = System.nanoTime() - t0;
    Classification c = classifyTimed(image);
    return new Classification(c.predictions(), c.timings().withDecode(decode));
  }

  public Classification classify(Path imageFile) throws IOException, UnreadableImageException {
    return classify(Files.readAllBytes(imageFile));
  }

  static List<Prediction> rank(float[] scores, List<Label> labels) {
    List<Prediction> out = new ArrayList<>(scores.length);
    for (int i = 0; i < scores.length; i++) {
      Label l = labels.get(i);
      out.add(new Prediction(i, l.text(), l.scientificName(), l.commonName(), scores[i]));
    }
    out.sort(Comparator.comparingDouble(Prediction::probability).reversed()
        .thenComparingInt(Prediction::classIndex));
    return List.copyOf(out);
  }

  @Override
  public List<Label> labels() {
    return labels;
  }

  /** The side of the square input, e.g. 224. */
  @Override
  public int inputSize() {
    return preprocessor.size();
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        manager.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
