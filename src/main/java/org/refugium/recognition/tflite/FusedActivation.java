package org.refugium.recognition.tflite;

/** TFLite {@code ActivationFunctionType}, applied by an op to its own output. */
public enum FusedActivation {
  NONE,
  RELU,
  RELU_N1_TO_1,
  RELU6,
  TANH,
  SIGN_BIT;

  static FusedActivation of(byte code) {
    if (code < 0 || code >= values().length) {
      throw new TfliteFormatException("unknown fused activation code " + code);
    }
    return values()[code];
  }
}
