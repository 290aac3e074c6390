package org.refugium.web;

import java.util.function.Consumer;
import org.refugium.api.RecognitionLimiter;
import org.refugium.recognition.Recognizer;
import org.refugium.recognition.Timings;

/**
 * What the identify page needs to recognise a photo: the node's loaded bundles (null or empty: recognition
 * is off), the limiter the API shares (so page and API uploads queue together), and where timings go.
 */
public record WebRecognition(Recognizer recognizer, RecognitionLimiter limiter, Consumer<Timings> timed) {

  public static WebRecognition none() {
    return new WebRecognition(null, RecognitionLimiter.defaults(), t -> { });
  }

  boolean available() {
    return recognizer != null && (!recognizer.isEmpty() || recognizer.archive() != null);
  }
}
