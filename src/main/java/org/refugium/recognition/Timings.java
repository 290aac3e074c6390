package org.refugium.recognition;

/**
 * Where one classification spent its time, in nanoseconds: decoding the upload (0 when the
 * caller passed a decoded image), resizing to the input tensor, the forward pass, and turning
 * scores into sorted predictions.
 */
public record Timings(long decodeNanos, long preprocessNanos, long inferenceNanos,
    long postprocessNanos) {

  public long totalNanos() {
    return decodeNanos + preprocessNanos + inferenceNanos + postprocessNanos;
  }

  Timings withDecode(long nanos) {
    return new Timings(nanos, preprocessNanos, inferenceNanos, postprocessNanos);
  }

  @Override
  public String toString() {
    return String.format("decode %.1f ms, preprocess %.1f ms, inference %.1f ms, "
        + "postprocess %.1f ms", decodeNanos / 1e6, preprocessNanos / 1e6,
        inferenceNanos / 1e6, postprocessNanos / 1e6);
  }
}
