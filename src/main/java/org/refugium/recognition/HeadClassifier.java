package org.refugium.recognition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A bundle trained from the archive ({@code format: embedding-head}): the backbone network cut
 * before its classifier, then a {@link SoftmaxHead}. The backbone file travels in the bundle (its
 * sha256 in bundle.json like every file); the head names the backbone id it was trained on, and
 * loading refuses a backbone whose id differs (a head on another network's features is noise).
 * Pixels are prepared exactly as for embedding the archive (whole-image bilinear resize).
 */
public final class HeadClassifier extends ModelClassifier {

  public static final String FORMAT = "embedding-head";

  private final Backbone backbone;
  private final SoftmaxHead head;

  private HeadClassifier(Backbone backbone, SoftmaxHead head, List<Label> labels) {
    super(labels, new Preprocessor(backbone.inputSize(), Preprocessor.Mode.RESIZE,
        Preprocessor.Filter.BILINEAR), new ImageDecoder());
    this.backbone = backbone;
    this.head = head;
  }

  /** Loads {@code headFile}, the backbone it names from {@code directory}, and the labels. */
  public static HeadClassifier load(Path directory, Path headFile, Path labelsFile) throws IOException {
    SoftmaxHead head = SoftmaxHead.read(headFile);
    String id = head.backboneId();
    int at = id.indexOf('@');
    int hash = id.indexOf('#');
    if (at <= 0 || hash < at) {
      throw new UnsupportedModelException(headFile.getFileName() + ": backbone id " + id
          + " is not file@sha256:hex#tensor");
    }
    String file = id.substring(0, at);
    Path model = directory.resolve(file);
    if (file.contains("/") || file.contains("\\") || !Files.isRegularFile(model)) {
      throw new IOException("the head needs its backbone " + file + " in the bundle directory");
    }
    List<Label> labels = Label.read(labelsFile);
    if (labels.size() != head.classes()) {
      throw new IllegalArgumentException(headFile.getFileName() + " has " + head.classes()
          + " classes but " + labelsFile.getFileName() + " has " + labels.size() + " labels");
    }
    Backbone backbone = Backbone.load(model, id.substring(hash + 1));
    try {
      if (!backbone.id().equals(id)) {
        throw new UnsupportedModelException("the head was trained on backbone " + id
            + " but the bundle's " + file + " is " + backbone.id());
      }
      if (backbone.dimensions() != head.dimensions()) {
        throw new UnsupportedModelException("the backbone gives " + backbone.dimensions()
            + " dimensions, the head expects " + head.dimensions());
      }
      return new HeadClassifier(backbone, head, labels);
    } catch (RuntimeException e) {
      backbone.close();
      throw e;
    }
  }

  public SoftmaxHead head() {
    return head;
  }

  @Override
  float[] forward(float[] pixels) {
    return head.probabilities(backbone.embedPixels(pixels));
  }

  @Override
  void release() {
    backbone.close();
  }
}
