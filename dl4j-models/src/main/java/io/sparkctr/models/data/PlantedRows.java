package io.sparkctr.models.data;

import io.sparkctr.common.hash.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Feature rows from a known click model, for benchmarks and tests that need the best achievable
 * AUC: F fields, each value drawn log-uniformly (Zipf-like) from {@code cardinality} values and
 * hashed to an index in [2F, hashSize) like the feature job's; the true logit is
 * {@code bias + Σ_f w(f, v_f) + strength · I}, with 4-dim value vectors u and the interaction
 * term I of one of two {@link Interactions} kinds, both of variance 4. Deterministic in (seed, row).
 *
 * @param rows the rows
 * @param truth each row's true click probability
 */
public record PlantedRows(List<FeatureRow> rows, double[] truth) {
  /** The planted interaction term. */
  public enum Interactions {
    /**
     * {@code Σ_(f, f+1), f even ⟨u(f, v_f), u'(f+1, v_(f+1))⟩ / √(F/2)}: 13 of the 325 field pairs
     * interact, each through its own vectors; an FM must learn 312 pairs of zeros beside them.
     */
    ADJACENT_PAIRS,
    /**
     * {@code Σ_(f < g) ⟨u(f, v_f), u(g, v_g)⟩ / √(F(F−1)/2)}: every pair interacts through one
     * vector per value — a factorization machine of rank 4, the model class FM and DeepFM assume.
     */
    ALL_PAIRS
  }

  /** {@link Interactions#ADJACENT_PAIRS}. */
  public static PlantedRows generate(int n, int fields, int hashSize, int cardinality, double strength, long seed,
                                     long modelSeed) {
    return generate(n, fields, hashSize, cardinality, strength, seed, modelSeed, Interactions.ADJACENT_PAIRS);
  }

  public static PlantedRows generate(int n, int fields, int hashSize, int cardinality, double strength, long seed,
                                     long modelSeed, Interactions kind) {
    List<FeatureRow> rows = new ArrayList<>(n);
    double[] truth = new double[n];
    int reserved = 2 * fields;
    for (int i = 0; i < n; i++) {
      SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
      int[] value = new int[fields];
      int[] idx = new int[fields];
      double logit = -1.5;
      for (int f = 0; f < fields; f++) {
        value[f] = (int) Math.min(cardinality - 1, Math.floor(Math.exp(rnd.nextDouble() * Math.log(cardinality + 1.0))) - 1);
        long h = SplitMix64.mix(modelSeed ^ (f * 1_000_003L + value[f]));
        idx[f] = reserved + (int) Long.remainderUnsigned(h, hashSize - reserved);
        logit += 0.3 * gaussian(h, 0);
      }
      logit += strength * (kind == Interactions.ALL_PAIRS ? allPairs(value, modelSeed) : adjacentPairs(value,
          modelSeed));
      truth[i] = 1 / (1 + Math.exp(-logit));
      rows.add(new FeatureRow(rnd.nextDouble() < truth[i] ? 1 : 0, i, idx, null, null));
    }
    return new PlantedRows(rows, truth);
  }

  private static double adjacentPairs(int[] value, long modelSeed) {
    int fields = value.length;
    double sum = 0;
    for (int f = 0; f + 1 < fields; f += 2) {
      long ha = SplitMix64.mix(modelSeed ^ (f * 1_000_003L + value[f]));
      long hb = SplitMix64.mix(modelSeed ^ ((f + 1) * 1_000_003L + value[f + 1]));
      for (int j = 1; j <= 4; j++) {
        sum += gaussian(ha, j) * gaussian(hb, j + 10);
      }
    }
    return sum / Math.sqrt(fields / 2.0);
  }

  /** Σ_(f<g) ⟨u_f, u_g⟩ = (|Σ_f u_f|² − Σ_f |u_f|²) / 2, over √(pairs). */
  private static double allPairs(int[] value, long modelSeed) {
    int fields = value.length;
    if (fields < 2) {
      return 0;
    }
    double[] total = new double[4];
    double squares = 0;
    for (int f = 0; f < fields; f++) {
      long h = SplitMix64.mix(modelSeed ^ (f * 1_000_003L + value[f]));
      for (int j = 0; j < 4; j++) {
        double u = gaussian(h, 21 + j);
        total[j] += u;
        squares += u * u;
      }
    }
    double square = 0;
    for (double t : total) {
      square += t * t;
    }
    return (square - squares) / 2 / Math.sqrt(fields * (fields - 1) / 2.0);
  }

  private static double gaussian(long h, int salt) {
    return new SplittableRandom(SplitMix64.mix(h + salt * 0x632BE59BD9B4E019L)).nextGaussian();
  }
}
