package io.sparkctr.features.parse;

import java.io.Serializable;

/**
 * One well-formed impression: label, event time, the declared categorical values (null =
 * missing) and numeric values (NaN = missing) in config order, optional id and group, and
 * where it came from (file name and position) so sampling decisions are reproducible. Multi-valued
 * fields (in {@code schema.multi-valued} order) carry their kept items (empty = missing), the
 * parallel weights (weighted pooling only, else null) and how many items truncation dropped.
 */
public final class ParsedRecord implements Serializable {
  public final int label;
  public final long timestamp;
  public final String id;
  public final String group;
  public final String[] categorical;
  public final double[] numeric;
  public final String file;
  public final long position;
  public final String[][] items;
  public final float[][] itemWeights;
  public final int[] dropped;

  public ParsedRecord(int label, long timestamp, String id, String group, String[] categorical, double[] numeric,
                      String file, long position) {
    this(label, timestamp, id, group, categorical, numeric, file, position, new String[0][], new float[0][],
        new int[0]);
  }

  public ParsedRecord(int label, long timestamp, String id, String group, String[] categorical, double[] numeric,
                      String file, long position, String[][] items, float[][] itemWeights, int[] dropped) {
    this.items = items;
    this.itemWeights = itemWeights;
    this.dropped = dropped;
    this.label = label;
    this.timestamp = timestamp;
    this.id = id;
    this.group = group;
    this.categorical = categorical;
    this.numeric = numeric;
    this.file = file;
    this.position = position;
  }
}
