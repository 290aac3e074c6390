package org.refugium.recognition;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.refugium.recognition.tflite.BuiltinOperator;
import org.refugium.recognition.tflite.OperatorInfo;
import org.refugium.recognition.tflite.TensorInfo;
import org.refugium.recognition.tflite.TfliteModel;

/**
 * A TFLite image model cut before its classifier: a photo in, an L2-normalised feature vector out
 * (for MobileNetV2 the 1280 global-average-pooled features). Photos whose vectors are close in
 * cosine look alike to the network, which is what the archive's nearest-neighbour search uses.
 *
 * <p>Input pixels go through the same decoder and {@link Preprocessor} (whole-image bilinear resize)
 * as the bundled classifiers, so an archive photo and an upload are seen the same way. The graph
 * computes in float32 from dequantised weights, so the pooled output is already float: a uint8
 * model's output scale/zero point need not be applied.
 *
 * <p>{@link #id()} names the backbone as {@code file@sha256:16hex#tensor}: an index records it, and
 * a query with another backbone is refused (vectors of two networks are not comparable).
 * Thread-safe, as {@link TfliteGraph}.
 */
public final class Backbone implements AutoCloseable {

  private final NDManager manager;
  private final TfliteGraph graph;
  private final Preprocessor preprocessor;
  private final ImageDecoder decoder;
  private final String id;
  private final int dimensions;

  private Backbone(NDManager manager, TfliteGraph graph, Preprocessor preprocessor, String id) {
    this.manager = manager;
    this.graph = graph;
    this.preprocessor = preprocessor;
    this.decoder = new ImageDecoder();
    this.id = id;
    this.dimensions = (int) graph.output().elementCount();
    LOADED.add(id);
  }

  /** Ids of the backbones loaded in this process: only their vectors are worth remembering. */
  private static final java.util.Set<String> LOADED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Loads {@code model} cut at {@code tensor}: a tensor name, a tensor index, or null for the output
   * of the last AVERAGE_POOL_2D (the global pooling before an ImageNet-style classifier).
   */
  public static Backbone load(Path model, String tensor) throws IOException {
    TfliteModel tflite = TfliteModel.read(model);
    TensorInfo cut = findTensor(tflite, tensor);
    NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    try {
      TfliteGraph graph = new TfliteGraph(tflite, manager, false, cut.index());
      int[] in = graph.input().shape();
      if (in.length != 4 || in[0] != 1 || in[3] != 3 || in[1] != in[2]) {
        throw new UnsupportedModelException("input must be [1, n, n, 3], is " + graph.input());
      }
      String id = model.getFileName() + "@sha256:" + sha256(model).substring(0, 16) + "#"
          + cut.name();
      return new Backbone(manager, graph,
          new Preprocessor(in[1], Preprocessor.Mode.RESIZE, Preprocessor.Filter.BILINEAR), id);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * The id {@link #load} would give, without building the graph (no native memory, no weights
   * converted): for finding a backbone's vector index.
   */
  public static String idOf(Path model, String tensor) throws IOException {
    return model.getFileName() + "@sha256:" + sha256(model).substring(0, 16) + "#"
        + findTensor(TfliteModel.read(model), tensor).name();
  }

  static TensorInfo findTensor(TfliteModel model, String tensor) {
    if (tensor == null || tensor.isBlank()) {
      TensorInfo last = null;
      for (OperatorInfo op : model.operators()) {
        if (op.op() == BuiltinOperator.AVERAGE_POOL_2D) {
          last = model.tensor(op.outputs()[0]);
        }
      }
      if (last == null) {
        throw new UnsupportedModelException("the model has no AVERAGE_POOL_2D to cut at; name a "
            + "tensor");
      }
      return last;
    }
    if (tensor.chars().allMatch(Character::isDigit)) {
      int i = Integer.parseInt(tensor);
      if (i >= model.tensors().size()) {
        throw new UnsupportedModelException("no tensor " + i + " in the model");
      }
      return model.tensor(i);
    }
    for (TensorInfo t : model.tensors()) {
      if (tensor.equals(t.name())) {
        return t;
      }
    }
    throw new UnsupportedModelException("no tensor named " + tensor + " in the model");
  }

  /** {@code file@sha256:16hex#tensor}. */
  public String id() {
    return id;
  }

  public int dimensions() {
    return dimensions;
  }

  public int inputSize() {
    return preprocessor.size();
  }

  /** Decodes and embeds one encoded image. */
  public float[] embed(byte[] encoded) throws UnreadableImageException {
    return embed(decode(encoded));
  }

  /** Decodes as {@link #embed(byte[])} does (EXIF orientation, CMYK, grey; the default pixel limit). */
  public BufferedImage decode(byte[] encoded) throws UnreadableImageException {
    return decoder.decode(encoded);
  }

  public float[] embed(BufferedImage image) {
    return embedPixels(preprocessor.toTensor(image));
  }

  /** The unit-length vector of pixels already laid out by a {@link Preprocessor} of {@link #inputSize()}. */
  public float[] embedPixels(float[] pixels) {
    // a copy: the graph may work on the input array in place
    Memo key = new Memo(id, java.util.Arrays.hashCode(pixels), pixels.clone());
    synchronized (MEMO) {
      float[] known = MEMO.get(key);
      if (known != null) {
        return known.clone();
      }
    }
    PASSES.incrementAndGet();
    float[] v = normalize(graph.run(pixels, preprocessor.size(), preprocessor.size()));
    synchronized (MEMO) {
      MEMO.put(key, v.clone());
    }
    return v;
  }

  /**
   * The last few embeddings, by backbone id and input pixels: score_image embeds an upload for the
   * archive's neighbours and again for a head bundle trained on the same backbone
   * ({@link HeadClassifier}); the second is then a lookup instead of a forward pass (~half the CPU of
   * such a request). Keys compare the pixels themselves, so a hash collision cannot mix photos up.
   */
  private static final int MEMO_SIZE = 8;
  private static final java.util.Map<Memo, float[]> MEMO = new java.util.LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<Memo, float[]> eldest) {
      return size() > MEMO_SIZE;
    }
  };

  private record Memo(String id, int hash, float[] pixels) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Memo m && m.hash == hash && m.id.equals(id)
          && java.util.Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() {
      return 31 * id.hashCode() + hash;
    }
  }

  /**
   * Puts a vector computed elsewhere into the memo: the gate's forward pass taps the same network's
   * pooled tensor ({@link TfliteClassifier}), so the backbone's pass for the same pixels is a look-up.
   * {@code raw} is the tensor as {@link TfliteGraph#run} gives it (normalised here).
   */
  static void remember(String id, float[] pixels, float[] raw) {
    if (!LOADED.contains(id)) {
      return; // e.g. a species bundle's network: no archive or head embeds with it
    }
    Memo key = new Memo(id, java.util.Arrays.hashCode(pixels), pixels.clone());
    float[] v = normalize(raw.clone());
    synchronized (MEMO) {
      MEMO.put(key, v);
    }
  }

  /** Empties the memo: for tests that must see a fresh pass. */
  static void forget() {
    synchronized (MEMO) {
      MEMO.clear();
    }
  }

  /** Forward passes run by any backbone (not memo hits): for tests that a pass was shared. */
  static long passes() {
    return PASSES.get();
  }

  private static final java.util.concurrent.atomic.AtomicLong PASSES = new java.util.concurrent.atomic.AtomicLong();

  /** Scales to unit length, so a dot product is the cosine (a zero vector stays zero). */
  public static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (sum > 0) {
      float inv = (float) (1 / Math.sqrt(sum));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
