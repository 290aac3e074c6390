package org.refugium.recognition.tflite;

/**
 * TFLite builtin operator codes (schema.fbs {@code BuiltinOperator}). Named here: what we run,
 * plus common ones so that an unsupported-op error can say which op it met.
 */
public enum BuiltinOperator {
  ADD(0),
  AVERAGE_POOL_2D(1),
  CONCATENATION(2),
  CONV_2D(3),
  DEPTHWISE_CONV_2D(4),
  DEQUANTIZE(6),
  FULLY_CONNECTED(9),
  LOGISTIC(14),
  MAX_POOL_2D(17),
  MUL(18),
  RELU(19),
  RELU6(21),
  RESHAPE(22),
  RESIZE_BILINEAR(23),
  SOFTMAX(25),
  TANH(28),
  CUSTOM(32),
  PAD(34),
  MEAN(40),
  SUB(41),
  SQUEEZE(43),
  STRIDED_SLICE(45),
  QUANTIZE(114),
  HARD_SWISH(117),
  UNKNOWN(-1);

  private final int code;

  BuiltinOperator(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static BuiltinOperator of(int code) {
    for (BuiltinOperator op : values()) {
      if (op.code == code) {
        return op;
      }
    }
    return UNKNOWN;
  }

  /** A readable name for any code, e.g. "MAX_POOL_2D" or "BUILTIN_99". */
  public static String nameOf(int code) {
    BuiltinOperator op = of(code);
    return op == UNKNOWN ? "BUILTIN_" + code : op.name();
  }
}
