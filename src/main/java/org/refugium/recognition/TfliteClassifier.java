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
  /** The {@link Backbone} id this model's pooled tensor is, when tapped; else null. */
  private final String backboneId;

  private TfliteClassifier(NDManager manager, TfliteGraph graph, List<Label> labels,
      Preprocessor preprocessor, ImageDecoder decoder, String backboneId) {
    super(labels, preprocessor, decoder);
    this.manager = manager;
    this.graph = graph;
    this.size = preprocessor.size();
    this.backboneId = backboneId;
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
    // The archive's backbone is this network cut at its last AVERAGE_POOL_2D, fed the same pixels
    // (whole-image bilinear resize); when this classifier computes the same way, its pass also hands
    // the pooled tensor to Backbone's memo, so score_image runs MobileNetV2 once, not for the gate and
    // again for the archive/a head. Simulated quantisation computes other activations: no tap.
    TensorInfo pooled = null;
    if (!options.simulateQuantization() && options.mode() == Preprocessor.Mode.RESIZE
        && options.filter() == Preprocessor.Filter.BILINEAR) {
      try {
        pooled = Backbone.findTensor(tflite, null);
      } catch (UnsupportedModelException e) {
        pooled = null; // no global pooling: nothing a backbone would cut at
      }
    }
    String backboneId = pooled == null ? null
        : model.getFileName() + "@sha256:" + Backbone.sha256(model).substring(0, 16) + "#" + pooled.name();
    NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE);
    try {
      TfliteGraph graph = new TfliteGraph(tflite, manager, options.simulateQuantization(), -1,
          pooled == null ? -1 : pooled.index());
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
          new ImageDecoder(options.maxPixels()), backboneId);
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
    if (backboneId == null) {
      return graph.run(pixels, size, size);
    }
    float[] key = pixels.clone(); // before the pass, as Backbone keys its memo
    float[][] out = graph.runTapped(pixels, size, size);
    Backbone.remember(backboneId, key, out[1]);
    return out[0];
  }

  public Classification classify(Path imageFile) throws IOException, UnreadableImageException {
    return classify(Files.readAllBytes(imageFile));
  }

  @Override
  void release() {
    manager.close();
  }
}
