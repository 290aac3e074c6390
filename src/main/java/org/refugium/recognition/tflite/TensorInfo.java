package org.refugium.recognition.tflite;

import java.util.Arrays;

/**
 * One tensor of the main subgraph. {@code buffer} indexes Model.buffers; see
 * {@link TfliteModel#isConstant}.
 */
public record TensorInfo(
    int index, String name, TensorType type, int[] shape, int buffer, Quantization quantization) {

  public long elementCount() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return "#" + index + " " + name + " " + type + Arrays.toString(shape);
  }
}
