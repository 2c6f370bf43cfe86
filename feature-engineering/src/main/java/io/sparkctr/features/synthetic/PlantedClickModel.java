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
 *
 * <p>The true logit of a row on day d (of D) is
 * <pre>
 *   bias + 0.04·d                                     slow drift of the base rate
 *   + Σ_j w_j(c_j) · (j == 0 ? 1 - 0.02·d : 1)        per-value weights; c1's fade over days
 *   + 0.6·ln(1 + n1) − 0.3·[n2 &gt; 5] + 0.5·sin(n3 / 15)  nonlinear numeric effects (n4 is noise)
 *   + Σ_(a,b) in PAIRS  ⟨u_a(c_a), u_b(c_b)⟩            pairwise interactions (4-dim latent vectors)
 *   + 2.5 for each of a few memorised (c1, c2) value crosses
 *   + b(user)                                           a per-user offset (user_id is the group key)
 *   + 1.5 · mean_i g(item_i)                            only with recent items: the user's recently
 *                                                       clicked items (0 .. 8 of 500, Zipf-like)
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
  public static final List<String> CATEGORICAL = List.of("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8");
  public static final List<String> NUMERIC = List.of("n1", "n2", "n3", "n4");
  /** Header of the generated CSV. */
  public static final List<String> COLUMNS = List.of("id", "label", "timestamp", "user_id", "c1", "c2", "c3", "c4",
      "c5", "c6", "c7", "c8", "n1", "n2", "n3", "n4");
  private static final int[] CARDINALITY = {20, 100, 500, 2_000, 10_000, 50, 30_000, 8};
  private static final double[] MISSING = {0.02, 0.05, 0.10, 0.0, 0.15, 0.05, 0.20, 0.0};
  private static final double[] SCALE = {0.6, 0.5, 0.4, 0.4, 0.3, 0.5, 0.3, 0.3};
  private static final int[][] PAIRS = {{0, 1}, {2, 3}, {0, 5}, {1, 7}};
  private static final int USERS = 5_000;
  private static final double BIAS = -1.9;
  /** The multi-valued column of {@code recentItems} logs, and its planted weight on the mean item weight. */
  public static final String RECENT_ITEMS = "recent_items";
  public static final double RECENT_ITEMS_WEIGHT = 1.5;
  public static final int RECENT_ITEMS_MAX = 8;
  private static final int ITEMS = 500;

  private final long seed;
  private final long rows;
  private final int days;
  private final boolean recentItems;

  public PlantedClickModel(long seed, long rows, int days) {
    this(seed, rows, days, false);
  }

  /** @param recentItems add the multi-valued {@code recent_items} column and its term of the logit */
  public PlantedClickModel(long seed, long rows, int days, boolean recentItems) {
    if (rows <= 0 || days <= 0) {
      throw new IllegalArgumentException("Cannot generate: rows " + rows + " and days " + days + " must be > 0");
    }
    this.seed = seed;
    this.rows = rows;
    this.days = days;
    this.recentItems = recentItems;
  }

  /** The header of the generated CSV: {@link #COLUMNS}, then {@code recent_items} when generated. */
  public List<String> columns() {
    if (!recentItems) {
      return COLUMNS;
    }
    List<String> c = new java.util.ArrayList<>(COLUMNS);
    c.add(RECENT_ITEMS);
    return List.copyOf(c);
  }

  /**
   * One generated impression; categorical and numeric values null when missing; {@code recentItems}
   * the space-separated items, oldest first (null without the column, "" for an empty history).
   */
  public record Impression(long id, int label, double probability, long timestamp, String user, String[] categorical,
                           Double[] numeric, String recentItems) {}

  public Impression row(long id) {
    SplittableRandom rnd = new SplittableRandom(SplitMix64.mix(seed * 0x9E3779B97F4A7C15L + id));
    long span = (long) days * 86_400L;
    long timestamp = START + (long) ((id + rnd.nextDouble()) * span / rows);
    int day = (int) ((timestamp - START) / 86_400L);
    int[] value = new int[CARDINALITY.length];
    String[] cats = new String[CARDINALITY.length];
    double logit = BIAS + 0.04 * day;
    for (int j = 0; j < CARDINALITY.length; j++) {
      boolean missing = rnd.nextDouble() < MISSING[j];
      value[j] = missing ? -1 : zipf(rnd, CARDINALITY[j]);
      cats[j] = missing ? null : token(j, value[j]);
      double w = SCALE[j] * gauss(j, value[j], 0);
      logit += j == 0 ? w * (1 - 0.02 * day) : w;
    }
    Double[] nums = new Double[4];
    double n1 = Math.floor(Math.exp(1 + 1.2 * rnd.nextGaussian()));
    double n2 = Math.floor(rnd.nextDouble() * rnd.nextDouble() * 20);
    double n3 = Math.round(rnd.nextDouble() * 1000) / 10.0;
    double n4 = Math.round(rnd.nextGaussian() * 1000) / 100.0;
    boolean[] numMissing = {rnd.nextDouble() < 0.1, rnd.nextDouble() < 0.05, rnd.nextDouble() < 0.02, false};
    double[] nv = {n1, n2, n3, n4};
    for (int k = 0; k < 4; k++) {
      nums[k] = numMissing[k] ? null : nv[k];
    }
    logit += numMissing[0] ? -0.3 : 0.6 * Math.log1p(n1) - 0.6;
    logit += numMissing[1] ? 0.2 : (n2 > 5 ? -0.3 : 0);
    logit += numMissing[2] ? 0 : 0.5 * Math.sin(n3 / 15);
    for (int[] p : PAIRS) {
      double dot = 0;
      for (int f = 0; f < 4; f++) {
        dot += gauss(p[0], value[p[0]], 101 + f + 10 * p[1]) * gauss(p[1], value[p[1]], 201 + f + 10 * p[0]);
      }
      logit += 0.45 * dot;
    }
    if (value[0] >= 0 && value[1] >= 0 && value[0] < 5 && value[1] == (value[0] * 7 + 3) % 11) {
      logit += 2.5;
    }
    int user = zipf(rnd, USERS);
    logit += 0.5 * gauss(99, user, 0);
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
    return new Impression(id, label, p, timestamp, "u" + user, cats, nums, items);
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
