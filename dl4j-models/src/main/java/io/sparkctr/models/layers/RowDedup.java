package io.sparkctr.models.layers;

/**
 * Deduplicates the row ids of a minibatch: {@link #distinct}[0..{@link #count}) in first-seen
 * order and, per lookup position, its slot among them. Open addressing on long keys, reused
 * across steps (one per layer instance, i.e. per training thread).
 */
final class RowDedup {
  long[] distinct = new long[0];
  int[] slot = new int[0];
  int count;
  private long[] keys = new long[0];
  private int[] values = new int[0];

  void build(long[] ids, int n) {
    int cap = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
    if (keys.length < cap) {
      keys = new long[cap];
      values = new int[cap];
    }
    if (distinct.length < n) {
      distinct = new long[n];
      slot = new int[n];
    }
    int mask = keys.length - 1;
    java.util.Arrays.fill(values, 0, keys.length, -1);
    count = 0;
    for (int p = 0; p < n; p++) {
      long id = ids[p];
      int h = (int) (mix(id) & mask);
      while (values[h] >= 0 && keys[h] != id) {
        h = (h + 1) & mask;
      }
      if (values[h] < 0) {
        keys[h] = id;
        values[h] = count;
        distinct[count++] = id;
      }
      slot[p] = values[h];
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    return z ^ (z >>> 33);
  }
}
