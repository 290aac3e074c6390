package org.refugium.recognition.tflite;

/** TFLite {@code Padding}: SAME = 0, VALID = 1. */
public enum Padding {
  SAME,
  VALID;

  static Padding of(byte code) {
    return code == 1 ? VALID : SAME;
  }
}
