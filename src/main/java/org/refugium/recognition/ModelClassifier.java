package org.refugium.recognition;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What a classifier of any model format does around its forward pass: decode, preprocess (the same
 * pixels for every bundle), rank the scores against the labels, time each stage, and close only once
 * the calls in flight have returned (each runs under a read lock, close takes the write lock).
 * A format supplies {@link #forward} and {@link #release}.
 */
abstract class ModelClassifier implements Classifier {

  private final List<Label> labels;
  private final Preprocessor preprocessor;
  private final ImageDecoder decoder;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  ModelClassifier(List<Label> labels, Preprocessor preprocessor, ImageDecoder decoder) {
    this.labels = labels;
    this.preprocessor = preprocessor;
    this.decoder = decoder;
  }

  /** One square image as the preprocessor lays it out (0..255) in, one score per class out. */
  abstract float[] forward(float[] pixels);

  /** Frees the model's native memory; called once, after every call in flight has returned. */
  abstract void release();

  /** Classifies a decoded image; the decode time is 0. */
  @Override
  public final Classification classifyTimed(BufferedImage image) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("classifier is closed");
      }
      long t0 = System.nanoTime();
      float[] pixels = preprocessor.toTensor(image);
      long t1 = System.nanoTime();
      float[] scores = forward(pixels);
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
  public final Classification classify(byte[] encodedImage) throws UnreadableImageException {
    long t0 = System.nanoTime();
    BufferedImage image = decoder.decode(encodedImage);
    long decode = System.nanoTime() - t0;
    Classification c = classifyTimed(image);
    return new Classification(c.predictions(), c.timings().withDecode(decode));
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
  public final List<Label> labels() {
    return labels;
  }

  /** The side of the square input, e.g. 224. */
  @Override
  public final int inputSize() {
    return preprocessor.size();
  }

  @Override
  public final void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        release();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
