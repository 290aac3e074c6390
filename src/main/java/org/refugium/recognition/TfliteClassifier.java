package org.refugium.recognition;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.refugium.recognition.tflite.TensorInfo;
import org.refugium.recognition.tflite.TfliteModel;

/**
 * An image classifier from a TFLite file and its label list, run on DJL's PyTorch engine (CPU).
 *
 * <p>Load once and share: the weights are converted to float32 NDArrays at load and kept in a
 * long-lived manager; every call works in its own sub-manager, so concurrent calls are safe.
 * {@link #close()} waits for calls in flight ({@link ModelClassifier}).
 */
public final class TfliteClassifier extends ModelClassifier {

  private static final String ENGINE = "PyTorch";

  private final NDManager manager;
  private final TfliteGraph graph;
  private final int size;

  private TfliteClassifier(NDManager manager, TfliteGraph graph, List<Label> labels,
      Preprocessor preprocessor, ImageDecoder decoder) {
    super(labels, preprocessor, decoder);
    this.manager = manager;
    this.graph = graph;
    this.size = preprocessor.size();
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

  @Override
  float[] forward(float[] pixels) {
    return graph.run(pixels, size, size);
  }

  public Classification classify(Path imageFile) throws IOException, UnreadableImageException {
    return classify(Files.readAllBytes(imageFile));
  }

  @Override
  void release() {
    manager.close();
  }
}
