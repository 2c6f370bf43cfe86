package io.sparkctr.jobs.bench;

import io.sparkctr.features.synthetic.PlantedClickModel;
import io.sparkctr.features.synthetic.PlantedShape;
import io.sparkctr.models.metrics.ScoreCounts;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The planted generator's own functional form, fitted to its training days: what a model that knew the form
 * could reach from this many rows. The true probabilities' AUC is no such yardstick: most values are seen a
 * handful of times, so no model trained on the rows approaches it.
 *
 * <p>The form: {@code logit = b + d·day + a·numericEffect + c·crossEffect + Σ_j w_j(value_j) + w_u(user)
 * + Σ_pairs ⟨u_p(value_a), v_p(value_b)⟩} with 4-dim factors per planted pair, a weight per value of every field
 * (one for its missing value) and per user, the numeric and memorised-cross parts as the generator computes them
 * ({@link PlantedClickModel.Structure}). No hashing, no other interactions. Fitted by per-example AdaGrad at each
 * rate of {@code rates} (rows shuffled each epoch, fixed seed), each epoch scored on the validation day (the
 * second-to-last), stopping after two epochs without a better one; the best (rate, epoch) is kept and its test-day
 * (the last day's) AUC reported. The days are the benchmark's split: validation and test one day each.
 */
public final class FittedForm {
  /** The kept fit: its rate and epoch, its validation-day and test-day AUC. */
  public record Result(double rate, int epoch, double validationAuc, double testAuc) {}

  private static final int K = 4;
  private static final double EPS = 1e-8;
  private final PlantedShape shape;
  private final PlantedClickModel.Structure[] rows;
  private final int days;

  private FittedForm(PlantedClickModel model, long rows, int days) {
    this.shape = model.shape();
    this.days = days;
    this.rows = new PlantedClickModel.Structure[Math.toIntExact(rows)];
    for (int i = 0; i < this.rows.length; i++) {
      this.rows[i] = model.structure(i);
    }
  }

  /** Fits the form of {@code model}'s {@code rows} rows over {@code days} days at each rate; the best on validation. */
  public static Result fit(PlantedClickModel model, long rows, int days, double[] rates, int maxEpochs) {
    if (days < 3) {
      throw new IllegalArgumentException("Cannot fit the planted form: " + days + " days leave no training day");
    }
    FittedForm f = new FittedForm(model, rows, days);
    Result best = null;
    for (double rate : rates) {
      Result r = f.fitAt(rate, maxEpochs);
      if (best == null || r.validationAuc() > best.validationAuc()) {
        best = r;
      }
    }
    return best;
  }

  private Result fitAt(double rate, int maxEpochs) {
    Params p = new Params(shape, new SplittableRandom(17));
    int[] train = java.util.stream.IntStream.range(0, rows.length).filter(i -> rows[i].day() < days - 2).toArray();
    SplittableRandom shuffle = new SplittableRandom(29);
    Result best = null;
    int worse = 0;
    for (int epoch = 1; epoch <= maxEpochs && worse < 2; epoch++) {
      for (int i = train.length - 1; i > 0; i--) {
        int j = shuffle.nextInt(i + 1);
        int t = train[i];
        train[i] = train[j];
        train[j] = t;
      }
      for (int i : train) {
        PlantedClickModel.Structure s = rows[i];
        p.step(s, 1 / (1 + Math.exp(-p.logit(s))) - s.label(), rate);
      }
      Result r = new Result(rate, epoch, auc(p, days - 2), auc(p, days - 1));
      worse = best == null || r.validationAuc() > best.validationAuc() ? 0 : worse + 1;
      best = worse == 0 ? r : best;
    }
    return best;
  }

  private double auc(Params p, int day) {
    ScoreCounts c = new ScoreCounts();
    for (PlantedClickModel.Structure s : rows) {
      if (s.day() == day) {
        c.add(1 / (1 + Math.exp(-p.logit(s))), s.label());
      }
    }
    return c.auc();
  }

  /** The form's parameters and their AdaGrad accumulators. */
  private static final class Params {
    private final double[] dense = new double[4];
    private final double[] denseG = new double[4];
    private final double[][] w;
    private final double[][] wG;
    private final double[][][] u;
    private final double[][][] uG;
    private final List<PlantedShape.Pair> pairs;

    Params(PlantedShape shape, SplittableRandom rnd) {
      int f = shape.fields().size();
      w = new double[f + 1][];
      for (int j = 0; j < f; j++) {
        w[j] = new double[shape.fields().get(j).cardinality() + 1];
      }
      w[f] = new double[shape.users()];
      wG = new double[f + 1][];
      for (int j = 0; j <= f; j++) {
        wG[j] = new double[w[j].length];
      }
      pairs = shape.pairs();
      u = new double[2 * pairs.size()][][];
      uG = new double[u.length][][];
      for (int q = 0; q < u.length; q++) {
        PlantedShape.Pair pair = pairs.get(q / 2);
        int n = shape.fields().get(q % 2 == 0 ? pair.a() : pair.b()).cardinality();
        u[q] = new double[n][K];
        uG[q] = new double[n][K];
        for (double[] row : u[q]) {
          for (int k = 0; k < K; k++) {
            row[k] = 0.01 * rnd.nextGaussian();
          }
        }
      }
    }

    private double[] inputs(PlantedClickModel.Structure s) {
      return new double[] {1, s.day(), s.numericEffect(), s.crossEffect()};
    }

    double logit(PlantedClickModel.Structure s) {
      double z = 0;
      double[] x = inputs(s);
      for (int c = 0; c < x.length; c++) {
        z += dense[c] * x[c];
      }
      int f = w.length - 1;
      for (int j = 0; j < f; j++) {
        z += w[j][s.values()[j] + 1];
      }
      z += w[f][s.user()];
      for (int q = 0; q < pairs.size(); q++) {
        int a = s.values()[pairs.get(q).a()];
        int b = s.values()[pairs.get(q).b()];
        if (a >= 0 && b >= 0) {
          for (int k = 0; k < K; k++) {
            z += u[2 * q][a][k] * u[2 * q + 1][b][k];
          }
        }
      }
      return z;
    }

    void step(PlantedClickModel.Structure s, double err, double rate) {
      double[] x = inputs(s);
      for (int c = 0; c < x.length; c++) {
        dense[c] = adagrad(dense, denseG, c, err * x[c], rate);
      }
      int f = w.length - 1;
      for (int j = 0; j <= f; j++) {
        int v = j == f ? s.user() : s.values()[j] + 1;
        w[j][v] = adagrad(w[j], wG[j], v, err, rate);
      }
      for (int q = 0; q < pairs.size(); q++) {
        int a = s.values()[pairs.get(q).a()];
        int b = s.values()[pairs.get(q).b()];
        if (a >= 0 && b >= 0) {
          double[] ua = u[2 * q][a];
          double[] vb = u[2 * q + 1][b];
          for (int k = 0; k < K; k++) {
            double gu = err * vb[k];
            double gv = err * ua[k];
            ua[k] = adagrad(ua, uG[2 * q][a], k, gu, rate);
            vb[k] = adagrad(vb, uG[2 * q + 1][b], k, gv, rate);
          }
        }
      }
    }

    private static double adagrad(double[] value, double[] acc, int i, double g, double rate) {
      acc[i] += g * g;
      return value[i] - rate * g / Math.sqrt(acc[i] + EPS);
    }
  }
}
