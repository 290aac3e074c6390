package org.refugium.generator;

import java.util.SplittableRandom;

/**
 * Where synthetic observations are made: a few hundred Gaussian clusters (cities, parks, coasts), most
 * in the northern mid-latitudes like iNaturalist's, with Zipf-distributed popularity so a handful of
 * places hold much of the data and the geo queries see dense and sparse regions alike.
 */
final class Hotspots {

  private final double[] latitude;
  private final double[] longitude;
  private final double[] sigma;
  private final Zipf popularity;

  Hotspots(SplittableRandom random, int count) {
    latitude = new double[count];
    longitude = new double[count];
    sigma = new double[count];
    for (int i = 0; i < count; i++) {
      // 70% in the northern band 25..60°N, the rest anywhere between 50°S and 70°N
      latitude[i] = random.nextInt(10) < 7 ? 25 + random.nextDouble() * 35 : -50 + random.nextDouble() * 120;
      longitude[i] = -180 + random.nextDouble() * 360;
      sigma[i] = Math.exp(Math.log(0.02) + random.nextDouble() * Math.log(3 / 0.02)); // 0.02°..3°, log-uniform
    }
    popularity = new Zipf(count, 1.0);
  }

  /** Writes latitude and longitude of one point, 10 decimals as in the export, clamped to the valid range. */
  void point(SplittableRandom random, double[] latLon) {
    int h = popularity.next(random);
    double lat = latitude[h] + random.nextGaussian() * sigma[h];
    double lon = longitude[h] + random.nextGaussian() * sigma[h];
    latLon[0] = Math.max(-89.9999, Math.min(89.9999, lat));
    latLon[1] = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
  }
}
