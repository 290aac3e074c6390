package org.refugium.recognition;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A linear softmax classifier on a backbone's embeddings: {@code p = softmax(W·x + b)}, the head
 * that {@code refugium models train} learns from the archive (docs/recognition.md, "Training a
 * model from the archive").
 *
 * <p>File format ({@code head.bin}), all numbers little-endian:
 * <pre>
 *   8 bytes   magic "RFGHEAD1"
 *   int32     length of the backbone id in UTF-8 bytes, then those bytes
 *             (the id as {@link Backbone#id()} writes it: file@sha256:16hex#tensor)
 *   int32     dimensions D (the embedding length)
 *   int32     classes C
 *   float32   W, C rows of D (row c: the weights of class c)
 *   float32   b, C values
 * </pre>
 * Any feature standardisation used in training is folded into W and b, so the head applies
 * directly to the backbone's unit-length vectors. Why our own format rather than TorchScript: the
 * head is one matrix; reading it needs 30 lines and no engine, and its sha256 is the determinism
 * check of training.
 */
public final class SoftmaxHead {

  static final byte[] MAGIC = "RFGHEAD1".getBytes(StandardCharsets.US_ASCII);

  private final String backboneId;
  private final int dimensions;
  private final int classes;
  private final float[] weights;
  private final float[] bias;
  /** W transposed (D rows of C): the logits are then a sum of axpy rows, which HotSpot vectorises. */
  private final float[] transposed;

  /** @param weights C×D row-major */
  public SoftmaxHead(String backboneId, int dimensions, int classes, float[] weights, float[] bias) {
    if (weights.length != (long) dimensions * classes || bias.length != classes) {
      throw new IllegalArgumentException("weights must be " + classes + "×" + dimensions
          + " and bias " + classes);
    }
    this.backboneId = backboneId;
    this.dimensions = dimensions;
    this.classes = classes;
    this.weights = weights;
    this.bias = bias;
    this.transposed = new float[weights.length];
    for (int c = 0; c < classes; c++) {
      for (int d = 0; d < dimensions; d++) {
        transposed[d * classes + c] = weights[c * dimensions + d];
      }
    }
  }

  public String backboneId() {
    return backboneId;
  }

  public int dimensions() {
    return dimensions;
  }

  public int classes() {
    return classes;
  }

  /** One probability per class (a softmax of the logits). */
  public float[] probabilities(float[] x) {
    if (x.length != dimensions) {
      throw new IllegalArgumentException("embedding has " + x.length + " dimensions, the head "
          + dimensions);
    }
    float[] z = bias.clone();
    for (int d = 0; d < dimensions; d++) {
      float a = x[d];
      if (a == 0) {
        continue; // pooled ReLU features: many are exactly zero
      }
      for (int c = 0, off = d * classes; c < classes; c++) {
        z[c] += a * transposed[off + c];
      }
    }
    float max = Float.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      z[c] = (float) Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < classes; c++) {
      z[c] = (float) (z[c] / sum);
    }
    return z;
  }

  public void write(Path file) throws IOException {
    byte[] id = backboneId.getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(file);
        DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16))) {
      data.write(MAGIC);
      ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      data.write(header.putInt(0, id.length).array());
      data.write(id);
      data.write(header.putInt(0, dimensions).array());
      data.write(header.putInt(0, classes).array());
      writeFloats(data, weights);
      writeFloats(data, bias);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i += 4096) {
      buf.clear();
      int n = Math.min(4096, values.length - i);
      buf.asFloatBuffer().put(values, i, n);
      out.write(buf.array(), 0, 4 * n);
    }
  }

  public static SoftmaxHead read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16))) {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new UnsupportedModelException(file.getFileName() + " is not a softmax head (no "
            + "RFGHEAD1 magic)");
      }
      int idLength = readInt(data);
      if (idLength < 0 || idLength > 4096) {
        throw new UnsupportedModelException(file.getFileName() + ": bad backbone id length");
      }
      byte[] id = new byte[idLength];
      data.readFully(id);
      int dims = readInt(data);
      int classes = readInt(data);
      if (dims <= 0 || classes <= 0 || (long) dims * classes > Integer.MAX_VALUE - 8) {
        throw new UnsupportedModelException(file.getFileName() + ": bad shape " + classes + "×" + dims);
      }
      float[] w = readFloats(data, dims * classes);
      float[] b = readFloats(data, classes);
      if (data.read() != -1) {
        throw new UnsupportedModelException(file.getFileName() + ": trailing bytes after the bias");
      }
      return new SoftmaxHead(new String(id, StandardCharsets.UTF_8), dims, classes, w, b);
    } catch (java.io.EOFException e) {
      throw new UnsupportedModelException(file.getFileName() + " is truncated");
    }
  }

  private static int readInt(DataInputStream in) throws IOException {
    return Integer.reverseBytes(in.readInt());
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    float[] out = new float[n];
    byte[] buf = new byte[4 * 4096];
    for (int i = 0; i < n; i += 4096) {
      int k = Math.min(4096, n - i);
      in.readFully(buf, 0, 4 * k);
      ByteBuffer.wrap(buf, 0, 4 * k).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, i, k);
    }
    return out;
  }
}
