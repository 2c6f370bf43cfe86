package io.sparkctr.features.synthetic;

import io.sparkctr.common.hash.SplitMix64;
import io.sparkctr.features.hash.Murmur3;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A known click model to generate logs from, so the best achievable AUC and logloss are known.
 * Every row is a pure function of (seed, row number): any partitioning generates the same data.
 * What it generates is its {@link PlantedShape} (the demo's by default).
 *
 * <p>The true logit of a row on day d (of D) is
 * <pre>
 *   bias + drift·d                                    slow drift of the base rate
 *   + Σ_j w_j(c_j) · (j == 0 ? 1 - fade·d : 1)        per-value weights; c1's fade over days
 *   + Σ_k weight_k · effect_k(n_k)                    nonlinear numeric effects ({@link PlantedShape.NumericKind})
 *   + Σ_(a,b) in pairs  strength · ⟨u_a(c_a), u_b(c_b)⟩  pairwise interactions (4-dim latent vectors)
 *   + weight for each memorised value cross that holds
 *   + b(user)                                         a per-user offset (user_id is the group key)
 *   + 1.5 · mean_i g(item_i)                          only with recent items: the user's recently
 *                                                     clicked items (0 .. 8 of 500, Zipf-like)
 * </pre>
 * With {@code recentItems} the logs gain the column {@code recent_items}: a space-separated
 * sequence, oldest first, the weight of each item a fixed standard normal draw. It is drawn from
 * its own random stream, so every other column is the same with and without it (the labels
 * differ: the term moves the logit).
 * Categorical values follow a log-uniform (Zipf-like) frequency law over each field's
 * cardinality; each field is missing with its own probability, and a missing value has its own
 * weight.
 */
public final class PlantedClickModel implements Serializable {
  /**
   * Epoch second of the first generated event, 2026-01-01T00:00:00Z. Events span {@code days} from
   * here; the feature job quarantines events after {@code schema.timestamp.max} (default: one day
   * after the job starts), so generated days must end before then.
   */
  public static final long START = 1_767_225_600L;
  /** The demo shape's columns. */
  public static final List<String> CATEGORICAL = PlantedShape.DEMO.categorical();
  public static final List<String> NUMERIC = PlantedShape.DEMO.numeric();
  /** Header of the demo shape's CSV. */
  public static final List<String> COLUMNS = columns(PlantedShape.DEMO);
  /** The multi-valued column of {@code recentItems} logs, and its planted weight on the mean item weight. */
  public static final String RECENT_ITEMS = "recent_items";
  public static final double RECENT_ITEMS_WEIGHT = 1.5;
  public static final int RECENT_ITEMS_MAX = 8;
  private static final int ITEMS = 500;

  private final long seed;
  private final long rows;
  private final int days;
  private final boolean recentItems;
  private final PlantedShape shape;

  public PlantedClickModel(long seed, long rows, int days) {
    this(seed, rows, days, false);
  }

  /** @param recentItems add the multi-valued {@code recent_items} column and its term of the logit */
  public PlantedClickModel(long seed, long rows, int days, boolean recentItems) {
    this(PlantedShape.DEMO, seed, rows, days, recentItems);
  }

  public PlantedClickModel(PlantedShape shape, long seed, long rows, int days, boolean recentItems) {
    if (rows <= 0 || days <= 0) {
      throw new IllegalArgumentException("Cannot generate: rows " + rows + " and days " + days + " must be > 0");
    }
    this.shape = shape;
    this.seed = seed;
    this.rows = rows;
    this.days = days;
    this.recentItems = recentItems;
  }

  public PlantedShape shape() {
    return shape;
  }

  private static List<String> columns(PlantedShape shape) {
    List<String> c = new java.util.ArrayList<>(List.of("id", "label", "timestamp", "user_id"));
    c.addAll(shape.categorical());
    c.addAll(shape.numeric());
    return List.copyOf(c);
  }

  /** The header of the generated CSV: id, label, timestamp, user_id, c1.., n1.., then {@code recent_items} when generated. */
  public List<String> columns() {
    List<String> c = new java.util.ArrayList<>(columns(shape));
    if (recentItems) {
      c.add(RECENT_ITEMS);
    }
    return List.copyOf(c);
  }

  /**
   * One generated impression; categorical and numeric values null when missing; {@code recentItems}
   * the space-separated items, oldest first (null without the column, "" for an empty history).
   */
  public record Impression(long id, int label, double probability, long timestamp, String user, String[] categorical,
                           Double[] numeric, String recentItems) {}

  /**
   * What row {@code id}'s true logit is made of, for fitting the generator's own form ({@code bench-quality}'s {@code FittedForm}): its
   * day, each field's value index (-1 when missing), the user, the numeric effects' sum and the memorised crosses'
   * sum, with its label and true probability (without {@code recentItems}' term, which the form leaves out).
   */
  public record Structure(int day, int[] values, int user, double numericEffect, double crossEffect, int label,
                          double probability) {}

  public Impression row(long id) {
    return row(id, null);
  }

  /** Row {@code id}'s {@link Structure}: the same draws as {@link #row(long)}. */
  public Structure structure(long id) {
    Structure[] out = new Structure[1];
    row(id, out);
    return out[0];
  }

  private Impression row(long id, Structure[] sink) {
    SplittableRandom rnd = new SplittableRandom(SplitMix64.mix(seed * 0x9E3779B97F4A7C15L + id));
    long span = (long) days * 86_400L;
    long timestamp = START + (long) ((id + rnd.nextDouble()) * span / rows);
    int day = (int) ((timestamp - START) / 86_400L);
    List<PlantedShape.Field> fields = shape.fields();
    int[] value = new int[fields.size()];
    String[] cats = new String[fields.size()];
    double logit = shape.bias() + shape.dailyDrift() * day;
    for (int j = 0; j < value.length; j++) {
      PlantedShape.Field f = fields.get(j);
      boolean missing = rnd.nextDouble() < f.missing();
      value[j] = missing ? -1 : zipf(rnd, f.cardinality());
      cats[j] = missing ? null : token(j, value[j]);
      double w = f.scale() * gauss(j, value[j], 0);
      logit += j == 0 ? w * (1 - shape.fade() * day) : w;
    }
    Double[] nums = new Double[shape.numerics().size()];
    double beforeNumerics = logit;
    logit = numerics(rnd, nums, logit);
    double numericEffect = logit - beforeNumerics;
    double crossEffect = 0;
    for (PlantedShape.Pair p : shape.pairs()) {
      double dot = 0;
      for (int f = 0; f < 4; f++) {
        dot += gauss(p.a(), value[p.a()], 101 + f + 10 * p.b()) * gauss(p.b(), value[p.b()], 201 + f + 10 * p.a());
      }
      logit += p.strength() * dot;
    }
    for (PlantedShape.Cross c : shape.crosses()) {
      int a = value[c.a()];
      int b = value[c.b()];
      if (a >= 0 && b >= 0 && a < c.count() && b == (a * 7 + 3) % c.modulus()) {
        logit += c.weight();
        crossEffect += c.weight();
      }
    }
    int user = zipf(rnd, shape.users());
    logit += shape.userScale() * gauss(99, user, 0);
    String items = null;
    if (recentItems) {
      SplittableRandom own = new SplittableRandom(SplitMix64.mix(seed * 0x632BE59BD9B4E019L + id) ^ 0x5EC5L);
      int n = own.nextInt(RECENT_ITEMS_MAX + 1);
      StringBuilder b = new StringBuilder();
      double sum = 0;
      for (int i = 0; i < n; i++) {
        int item = zipf(own, ITEMS);
        sum += itemWeight(item);
        b.append(i == 0 ? "" : " ").append('i').append(item);
      }
      logit += n == 0 ? 0 : RECENT_ITEMS_WEIGHT * sum / n;
      items = b.toString();
    }
    double p = 1 / (1 + Math.exp(-logit));
    int label = rnd.nextDouble() < p ? 1 : 0;
    if (sink != null) {
      sink[0] = new Structure(day, value, user, numericEffect, crossEffect, label, p);
    }
    return new Impression(id, label, p, timestamp, "u" + user, cats, nums, items);
  }

  /**
   * Draws every numeric value, then each missing flag (columns that are never missing draw none),
   * fills {@code out} and returns {@code logit} with each numeric term added in turn.
   */
  private double numerics(SplittableRandom rnd, Double[] out, double logit) {
    List<PlantedShape.Numeric> specs = shape.numerics();
    double[] v = new double[specs.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = switch (specs.get(k).kind()) {
        case COUNT -> Math.floor(Math.exp(1 + 1.2 * rnd.nextGaussian()));
        case SMALL_INT -> Math.floor(rnd.nextDouble() * rnd.nextDouble() * 20);
        case PERCENT -> Math.round(rnd.nextDouble() * 1000) / 10.0;
        case NOISE -> Math.round(rnd.nextGaussian() * 1000) / 100.0;
      };
    }
    boolean[] missing = new boolean[v.length];
    for (int k = 0; k < v.length; k++) {
      missing[k] = specs.get(k).missing() > 0 && rnd.nextDouble() < specs.get(k).missing();
      out[k] = missing[k] ? null : v[k];
    }
    for (int k = 0; k < v.length; k++) {
      PlantedShape.Numeric s = specs.get(k);
      double effect = switch (s.kind()) {
        case COUNT -> missing[k] ? -0.3 : 0.6 * Math.log1p(v[k]) - 0.6;
        case SMALL_INT -> missing[k] ? 0.2 : (v[k] > 5 ? -0.3 : 0);
        case PERCENT -> missing[k] ? 0 : 0.5 * Math.sin(v[k] / 15);
        case NOISE -> 0;
      };
      if (s.kind() != PlantedShape.NumericKind.NOISE) {
        logit += s.weight() * effect;
      }
    }
    return logit;
  }

  /** The planted weight of item {@code i} of {@code recent_items}. */
  public double itemWeight(int item) {
    return gauss(98, item, 0);
  }

  /** Log-uniform index in [0, n): small indices are much more frequent. */
  private static int zipf(SplittableRandom rnd, int n) {
    return Math.min(n - 1, (int) Math.floor(Math.exp(rnd.nextDouble() * Math.log(n + 1.0))) - 1);
  }

  private String token(int field, int value) {
    return String.format("%08x", Murmur3.hash32(("v" + field + ":" + value).getBytes(StandardCharsets.UTF_8),
        (int) seed));
  }

  /** A fixed standard normal draw for (field, value, salt) under this seed. */
  private double gauss(int field, int value, int salt) {
    return new SplittableRandom(SplitMix64.mix(seed ^ (field * 1_000_003L + value * 7_919L + salt * 104_729L + 17)))
        .nextGaussian();
  }
}
