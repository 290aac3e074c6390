package org.refugium.recognition.tflite;

/**
 * Affine quantisation of a tensor: {@code real = scale * (q - zeroPoint)}.
 *
 * <p>One scale per tensor for these Coral models, but the schema allows one per slice along
 * {@code quantizedDimension} (per-channel weights), so both are kept as arrays.
 */
public record Quantization(float[] scale, long[] zeroPoint, int quantizedDimension) {

  public static final Quantization NONE = new Quantization(new float[0], new long[0], 0);

  public boolean isQuantized() {
    return scale.length > 0;
  }

  public boolean isPerChannel() {
    return scale.length > 1;
  }

  public float scale(int channel) {
    return scale[scale.length == 1 ? 0 : channel];
  }

  /** Zero point of a channel; 0 when the model leaves it out (symmetric int32 biases do). */
  public long zeroPoint(int channel) {
    if (zeroPoint.length == 0) {
      return 0;
    }
    return zeroPoint[zeroPoint.length == 1 ? 0 : channel];
  }
}
