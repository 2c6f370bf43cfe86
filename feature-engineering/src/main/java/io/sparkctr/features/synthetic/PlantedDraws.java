package io.sparkctr.features.synthetic;

import java.util.SplittableRandom;

/**
 * The few random variates the planted generators draw beyond uniforms and normals. Hand-written on purpose: every
 * planted value is a pure function of (seed, unit, day) drawn from a {@link SplittableRandom}, and commons-math3's
 * distributions take their own generator objects, far too heavy to build once per unit and day.
 */
final class PlantedDraws {
  private PlantedDraws() {}

  /** Gamma(shape, 1): Marsaglia and Tsang (2000); shape &lt; 1 by Gamma(shape + 1) · U^(1/shape). */
  static double gamma(SplittableRandom rnd, double shape) {
    if (shape < 1) {
      return gamma(rnd, shape + 1) * Math.pow(rnd.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rnd.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rnd.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  /** Beta(a, b) as X / (X + Y) of two gamma variates. */
  static double beta(SplittableRandom rnd, double a, double b) {
    double x = gamma(rnd, a);
    return x / (x + gamma(rnd, b));
  }

  /** Poisson(mean) by Knuth's product of uniforms; mean at most 500 (the planted rates stay far below). */
  static int poisson(SplittableRandom rnd, double mean) {
    if (mean > 500) {
      throw new IllegalArgumentException("Cannot draw a Poisson count: mean " + mean + " is above 500");
    }
    if (mean > 30) {
      // split the mean: a sum of Poisson variates is Poisson, and exp(-mean) stays far from underflow
      return poisson(rnd, mean / 2) + poisson(rnd, mean / 2);
    }
    double limit = Math.exp(-mean);
    double p = rnd.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= rnd.nextDouble();
      k++;
    }
    return k;
  }
}
