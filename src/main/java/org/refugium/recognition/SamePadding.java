package org.refugium.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refugium.recognition.tflite.Padding;

/** Pads an activation the way TF's SAME does, unevenly (more at bottom/right) if needed. */
record SamePadding(int top, int bottom, int left, int right) {

  static SamePadding of(Padding padding, int[] nhwc, int kh, int kw, int sh, int sw,
      int dh, int dw) {
    if (padding == Padding.VALID) {
      return new SamePadding(0, 0, 0, 0);
    }
    int ph = total(nhwc[1], kh, sh, dh);
    int pw = total(nhwc[2], kw, sw, dw);
    return new SamePadding(ph / 2, ph - ph / 2, pw / 2, pw - pw / 2);
  }

  private static int total(int in, int k, int stride, int dilation) {
    int out = (in + stride - 1) / stride;
    return Math.max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0);
  }

  boolean isAsymmetric() {
    return top != bottom || left != right;
  }

  /** Padding handed to the PyTorch op when it is symmetric, else zero. */
  Shape symmetric() {
    return isAsymmetric() ? new Shape(0, 0) : new Shape(top, left);
  }

  /** Zero-pads the input explicitly when the op cannot (torch pad order: W then H). */
  NDArray explicit(NDArray x) {
    return isAsymmetric() ? x.pad(new Shape(left, right, top, bottom), 0) : x;
  }
}
