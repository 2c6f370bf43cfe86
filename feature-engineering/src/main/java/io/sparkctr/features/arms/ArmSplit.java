package io.sparkctr.features.arms;

import io.sparkctr.features.hash.Murmur3;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stable assignment of units (users, devices, ...) to the arms of an A/B test: the same unit gets the same arm
 * every day, on every machine, in any language that has MurmurHash3. The rule, which an online service
 * reproduces from {@link #describe()}:
 * <pre>
 *   h   = murmur3_x86_32(UTF-8 bytes of salt + "/" + unit, seed 0), read as unsigned (0 .. 2^32 - 1)
 *   arm = the first arm i with h &lt; upper_i, where upper_i = round((f_1 + ... + f_i) · 2^32), the last = 2^32
 * </pre>
 * The hash is the one the feature hashing uses ({@link Murmur3}, the reference x86_32 algorithm); the salt makes
 * each test's split independent of every other test's and of the feature indices. Fractions must sum to 1.
 */
public final class ArmSplit implements Serializable {
  /** The hash family, as written in summaries. */
  public static final String HASH = "murmur3_x86_32";
  private static final double TWO_32 = 4294967296.0;
  private final List<Arm> arms;
  private final String salt;
  private final long[] upper;

  /** @throws IllegalArgumentException "Cannot split traffic: reason" (fewer than 2 arms, repeated names, sum != 1) */
  public ArmSplit(List<Arm> arms, String salt) {
    if (arms.size() < 2) {
      throw new IllegalArgumentException("Cannot split traffic: an A/B test needs at least 2 arms, got " + arms);
    }
    if (salt == null) {
      throw new IllegalArgumentException("Cannot split traffic: no salt");
    }
    var names = new HashSet<String>();
    double sum = 0;
    for (Arm a : arms) {
      if (!names.add(a.name())) {
        throw new IllegalArgumentException("Cannot split traffic: arm '" + a.name() + "' is named twice");
      }
      sum += a.fraction();
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException("Cannot split traffic: the fractions of " + arms + " sum to " + sum
          + ", not 1");
    }
    this.arms = List.copyOf(arms);
    this.salt = salt;
    this.upper = bounds(this.arms);
  }

  /** {@code NAME=FRACTION,NAME=FRACTION...} with {@code salt}. */
  public static ArmSplit parse(String spec, String salt) {
    List<Arm> arms = new ArrayList<>();
    for (String part : spec.split(",")) {
      arms.add(Arm.parse(part.trim()));
    }
    return new ArmSplit(arms, salt);
  }

  private static long[] bounds(List<Arm> arms) {
    long[] up = new long[arms.size()];
    double cum = 0;
    for (int i = 0; i < up.length; i++) {
      cum += arms.get(i).fraction();
      up[i] = i == up.length - 1 ? (1L << 32) : Math.round(cum * TWO_32);
    }
    return up;
  }

  /** The unsigned 32-bit hash of {@code unit} under this split's salt. */
  public long hash(String unit) {
    return Murmur3.hash32((salt + "/" + unit).getBytes(StandardCharsets.UTF_8), 0) & 0xFFFFFFFFL;
  }

  /** The index of the arm of {@code unit} (never null: callers check for a missing unit). */
  public int index(String unit) {
    long h = hash(unit);
    for (int i = 0; i < upper.length; i++) {
      if (h < upper[i]) {
        return i;
      }
    }
    return upper.length - 1;
  }

  /** The name of the arm of {@code unit}. */
  public String assign(String unit) {
    return arms.get(index(unit)).name();
  }

  public List<Arm> arms() {
    return arms;
  }

  public String salt() {
    return salt;
  }

  /** The arm names in order. */
  public List<String> names() {
    return arms.stream().map(Arm::name).toList();
  }

  /** name → fraction, in order. */
  public Map<String, Double> fractions() {
    Map<String, Double> m = new LinkedHashMap<>();
    arms.forEach(a -> m.put(a.name(), a.fraction()));
    return m;
  }

  /**
   * Everything a service needs to reproduce the assignment: hash, seed, key, salt, and per arm its fraction and
   * hash range [from, to).
   */
  public Map<String, Object> describe(String unitField) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hash", HASH);
    m.put("hashSeed", 0);
    m.put("key", "UTF-8 bytes of salt + \"/\" + unit, hash read as unsigned 32-bit");
    m.put("unitField", unitField);
    m.put("salt", salt);
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < arms.size(); i++) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("name", arms.get(i).name());
      a.put("fraction", arms.get(i).fraction());
      a.put("hashFrom", i == 0 ? 0L : upper[i - 1]);
      a.put("hashTo", upper[i]);
      list.add(a);
    }
    m.put("arms", list);
    return m;
  }
}
