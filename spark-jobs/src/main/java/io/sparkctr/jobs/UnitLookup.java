package io.sparkctr.jobs;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.parse.ParsedRecord;
import java.io.Serializable;

/**
 * Where a parsed raw row holds the unit of an A/B test: the manifest's id field, its group field or one of its
 * categorical fields (the raw value, before hashing). A plain final class: it travels in scoring closures.
 */
final class UnitLookup implements Serializable {
  private static final int ID = -1;
  private static final int GROUP = -2;
  private final String field;
  private final int position;

  private UnitLookup(String field, int position) {
    this.field = field;
    this.position = position;
  }

  /** @throws IllegalArgumentException when {@code field} is none of them, naming the model */
  static UnitLookup of(FeatureManifest m, String field, String model) {
    if (field.equals(m.fields().id())) {
      return new UnitLookup(field, ID);
    }
    if (field.equals(m.fields().group())) {
      return new UnitLookup(field, GROUP);
    }
    int k = m.fields().categorical().indexOf(field);
    if (k < 0) {
      throw new IllegalArgumentException("Cannot assign arms by '" + field + "': it is not the id ("
          + m.fields().id() + "), the group (" + m.fields().group() + ") or a categorical field of the manifest of "
          + model);
    }
    return new UnitLookup(field, k);
  }

  /** The unit of {@code r}; fails naming the row when it is missing (such a row cannot be assigned an arm). */
  String unit(ParsedRecord r) {
    String u = position == ID ? r.id : position == GROUP ? r.group : r.categorical[position];
    if (u == null) {
      throw new IllegalArgumentException("Cannot assign an arm to the row at " + r.file + ":" + r.position
          + ": its unit field '" + field + "' is missing");
    }
    return u;
  }
}
