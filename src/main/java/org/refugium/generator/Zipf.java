package org.refugium.generator;

import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s: a few taxa, observers and places
 * get most observations, a long tail gets one or two, as on iNaturalist. A cumulative table and a
 * binary search keep a draw at ~20 comparisons even for a million ranks.
 */
final class Zipf {

  private final double[] cumulative;

  Zipf(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be positive: " + n);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += Math.pow(k + 1, -exponent);
      cumulative[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cumulative[k] /= sum;
    }
  }

  int size() {
    return cumulative.length;
  }

  int next(SplittableRandom random) {
    double u = random.nextDouble();
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] < u) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** An index drawn from fixed relative weights (licenses, extensions, photo counts). */
  static int weighted(SplittableRandom random, double[] cumulativeWeights) {
    double u = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (u < cumulativeWeights[i]) {
        return i;
      }
    }
    return cumulativeWeights.length - 1;
  }

  static double[] cumulate(double... weights) {
    double[] c = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    return c;
  }
}
