package org.refugium.recognition;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A TorchScript ({@code .pt}) classifier loaded by DJL's PyTorch engine, offline. Decoding and
 * resizing are ours (the same as for TFLite, so every bundle sees the same pixels); normalisation
 * and softmax follow the bundle's serving.properties.
 *
 * <p>The forward pass goes straight to the model's block rather than through a Predictor: a
 * Predictor is not meant to be shared by threads, while the TorchScript module's forward in eval
 * mode is; each call works in its own sub-manager.
 */
public final class TorchScriptClassifier extends ModelClassifier {

  private final ZooModel<NDList, NDList> model;
  private final ServingConfig serving;
  private final int size;

  private TorchScriptClassifier(ZooModel<NDList, NDList> model, List<Label> labels,
      ServingConfig serving) {
    super(labels, new Preprocessor(serving.width(), serving.mode(), Preprocessor.Filter.BILINEAR), new ImageDecoder());
    this.model = model;
    this.serving = serving;
    this.size = serving.width();
  }

  public static TorchScriptClassifier load(Path modelFile, Path labelsFile, ServingConfig serving)
      throws IOException {
    if (serving.width() != serving.height()) {
      throw new UnsupportedModelException("only square inputs are supported, serving.properties says "
          + serving.width() + "x" + serving.height());
    }
    List<Label> labels = Label.read(labelsFile);
    String file = modelFile.getFileName().toString();
    Criteria<NDList, NDList> criteria = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(modelFile.toAbsolutePath().getParent())
        .optModelName(file.endsWith(".pt") ? file.substring(0, file.length() - 3) : file)
        .optEngine("PyTorch")
        .optTranslator(new NoopTranslator())
        .build();
    ZooModel<NDList, NDList> model;
    try {
      model = criteria.loadModel();
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException("cannot load TorchScript model " + modelFile + ": " + e.getMessage(), e);
    }
    TorchScriptClassifier c = new TorchScriptClassifier(model, labels, serving);
    try {
      int classes = c.forward(new float[3 * serving.width() * serving.width()]).length;
      if (classes != labels.size()) {
        throw new IllegalArgumentException(file + " has " + classes + " classes but "
            + labelsFile.getFileName() + " has " + labels.size() + " labels");
      }
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** 0..255 NCHW pixels in, one score per class out (softmax applied when the model gives logits). */
  @Override
  float[] forward(float[] pixels0to255) {
    try (NDManager call = model.getNDManager().newSubManager()) {
      NDArray x = call.create(normalise(pixels0to255, size), new Shape(1, 3, size, size));
      Block block = model.getBlock();
      NDArray out = block.forward(new ParameterStore(call, false), new NDList(x), false).get(0);
      out = out.reshape(-1);
      if (serving.applySoftmax()) {
        out = out.softmax(0);
      }
      return out.toFloatArray();
    }
  }

  private float[] normalise(float[] px, int size) {
    float[] mean = serving.mean() == null ? new float[] {0, 0, 0} : serving.mean();
    float[] std = serving.std() == null ? new float[] {1, 1, 1} : serving.std();
    float[] out = new float[px.length];
    int plane = size * size;
    for (int c = 0; c < 3; c++) {
      float m = mean[c];
      float s = std[c] * 255f;
      for (int i = c * plane, end = i + plane; i < end; i++) {
        out[i] = (px[i] - m * 255f) / s;
      }
    }
    return out;
  }

  @Override
  void release() {
    model.close();
  }
}
