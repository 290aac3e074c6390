package org.refugium.recognition;

import java.util.List;

/** All classes, most probable first, with the time each stage took. */
public record Classification(List<Prediction> predictions, Timings timings) {

  public Prediction top() {
    return predictions.get(0);
  }

  /** The first {@code k} predictions. */
  public List<Prediction> top(int k) {
    return predictions.subList(0, Math.min(k, predictions.size()));
  }
}
