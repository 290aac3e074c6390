package org.refugium.recognition.tflite;

/** The file is not a TFLite flatbuffer we can read, or uses something we do not implement. */
public class TfliteFormatException extends RuntimeException {
  public TfliteFormatException(String message) {
    super(message);
  }
}
