package org.refugium.recognition.train;

/**
 * Splits photos by observer into training, validation and test: every photo of one observer
 * lands on the same side, so the evaluation never scores a photo whose photographer (same camera,
 * garden, habits) the head has learnt from. The side is a hash of (observer, seed): deterministic,
 * independent of the order the photos are read in, and stable when photos are added.
 */
public record ObserverSplit(long seed, double validation, double test) {

  public enum Side { TRAIN, VALIDATION, TEST }

  public ObserverSplit {
    if (validation <= 0 || test < 0 || validation + test >= 1) {
      throw new IllegalArgumentException("validation (> 0) and test (>= 0) fractions must leave"
          + " photos to train on");
    }
  }

  public Side side(long observer) {
    double u = (mix(observer * 0x9E3779B97F4A7C15L + seed) >>> 11) * 0x1.0p-53;
    if (u < validation) {
      return Side.VALIDATION;
    }
    return u < validation + test ? Side.TEST : Side.TRAIN;
  }

  /** The indexes of {@code examples} on {@code side}, in order. */
  public int[] indexes(Examples examples, Side side) {
    return java.util.stream.IntStream.range(0, examples.size())
        .filter(i -> side(examples.observers()[i]) == side).toArray();
  }

  /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
