package org.refugium.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import org.refugium.recognition.tflite.Quantization;
import org.refugium.recognition.tflite.TensorInfo;
import org.refugium.recognition.tflite.TfliteFormatException;
import org.refugium.recognition.tflite.TfliteModel;

/**
 * Turns constant TFLite tensors into float32 NDArrays in PyTorch layouts, once, at load time.
 *
 * <p>Dequantisation is {@code (q - zeroPoint) * scale} for uint8/int8 weights and
 * {@code q * scale} for int32 biases (their zero point is 0), per channel when the tensor has
 * several scales. Layouts are permuted in Java so that every weight NDArray is contiguous.
 */
final class Weights {

  private final TfliteModel model;
  private final NDManager manager;

  Weights(TfliteModel model, NDManager manager) {
    this.model = model;
    this.manager = manager;
  }

  /** The tensor's values as floats in TFLite's own (row-major, NHWC) order. */
  float[] dequantize(TensorInfo t) {
    ByteBuffer data = model.data(t);
    int n = (int) t.elementCount();
    if (data.remaining() < (long) n * bytesPerElement(t)) {
      throw new TfliteFormatException("tensor " + t + " has too little data");
    }
    float[] out = new float[n];
    Quantization q = t.quantization();
    int[] shape = t.shape();
    int dim = q.quantizedDimension();
    int inner = 1;
    for (int d = dim + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    int channels = shape.length == 0 ? 1 : shape[dim];
    for (int i = 0; i < n; i++) {
      float raw = switch (t.type()) {
        case UINT8 -> data.get(i) & 0xff;
        case INT8 -> data.get(i);
        case INT32 -> data.getInt(4 * i);
        case FLOAT32 -> data.getFloat(4 * i);
        default -> throw new TfliteFormatException(
            "tensor " + t + ": constant type " + t.type() + " not supported");
      };
      if (q.isQuantized()) {
        int c = q.isPerChannel() ? (i / inner) % channels : 0;
        raw = (raw - q.zeroPoint(c)) * q.scale(c);
      }
      out[i] = raw;
    }
    return out;
  }

  private static int bytesPerElement(TensorInfo t) {
    return switch (t.type()) {
      case INT32, FLOAT32 -> 4;
      default -> 1;
    };
  }

  /** CONV_2D filter: TFLite OHWI to PyTorch OIHW. */
  NDArray convFilter(TensorInfo t) {
    int[] s = t.shape();
    return manager.create(ohwiToOihw(dequantize(t), s[0], s[1], s[2], s[3]),
        new Shape(s[0], s[3], s[1], s[2]));
  }

  /**
   * DEPTHWISE_CONV_2D filter: TFLite 1HW(C*M) to PyTorch (C*M)1HW for a grouped conv with
   * groups = C. Output channel c*M+m reads input channel c in both layouts.
   */
  NDArray depthwiseFilter(TensorInfo t) {
    int[] s = t.shape();
    int h = s[1];
    int w = s[2];
    int o = s[3];
    float[] src = dequantize(t);
    float[] dst = new float[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int oc = 0; oc < o; oc++) {
          dst[(oc * h + y) * w + x] = src[(y * w + x) * o + oc];
        }
      }
    }
    return manager.create(dst, new Shape(o, 1, h, w));
  }

  private static float[] ohwiToOihw(float[] src, int o, int h, int w, int in) {
    float[] dst = new float[src.length];
    for (int oc = 0; oc < o; oc++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ic = 0; ic < in; ic++) {
            dst[((oc * in + ic) * h + y) * w + x] = src[((oc * h + y) * w + x) * in + ic];
          }
        }
      }
    }
    return dst;
  }

  /** Biases and fully-connected weights keep their layout ([N] and [out, in]). */
  NDArray plain(TensorInfo t) {
    long[] dims = new long[t.shape().length];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.shape()[i];
    }
    return manager.create(dequantize(t), new Shape(dims));
  }

  /** A constant operand of an elementwise op: rank-4 NHWC becomes NCHW like the activations. */
  NDArray activationLike(TensorInfo t) {
    NDArray a = plain(t);
    return t.shape().length == 4 ? a.transpose(0, 3, 1, 2).duplicate() : a;
  }
}
