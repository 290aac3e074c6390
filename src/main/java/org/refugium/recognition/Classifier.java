package org.refugium.recognition;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A loaded image classifier of any format (our TFLite runner, or a TorchScript model through DJL).
 * Implementations are thread-safe: load once, share, close at shutdown.
 */
public interface Classifier extends AutoCloseable {

  /** Every class, most probable first, with stage timings (decode time 0: the caller decoded). */
  Classification classifyTimed(BufferedImage image);

  /** Decodes an upload and classifies it. */
  Classification classify(byte[] encodedImage) throws UnreadableImageException;

  List<Label> labels();

  /** The side of the square input, e.g. 224. */
  int inputSize();

  @Override
  void close();
}
