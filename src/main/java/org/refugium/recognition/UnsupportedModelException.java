package org.refugium.recognition;

/** The model uses an operator, type or shape the DJL runner does not implement (named). */
public class UnsupportedModelException extends RuntimeException {
  public UnsupportedModelException(String message) {
    super(message);
  }
}
