package org.refugium.recognition.tflite;

/** TFLite {@code TensorType} (a byte in schema.fbs); only the codes we may meet are named. */
public enum TensorType {
  FLOAT32(0),
  FLOAT16(1),
  INT32(2),
  UINT8(3),
  INT64(4),
  STRING(5),
  BOOL(6),
  INT16(7),
  COMPLEX64(8),
  INT8(9),
  UNKNOWN(-1);

  private final int code;

  TensorType(int code) {
    this.code = code;
  }

  static TensorType of(int code) {
    for (TensorType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return UNKNOWN;
  }
}
