package io.sparkctr.features.config;

import io.sparkctr.common.config.ConfigLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typed, validated configuration of the feature job ({@code sparkctr.features} in HOCON).
 * Construction checks every value and every cross-reference between fields; the data itself is
 * checked against it by the job before any row is processed. {@code configFiles} are the files it
 * was read from ({@link ConfigLoader#filesRead}): inputs that no output of the job may replace.
 */
public record FeatureConfig(InputSpec input, SchemaSpec schema, HashingSpec hashing, List<List<String>> crosses,
                            NumericTransformSpec numericTransform, VocabularySpec vocabulary, SplitSpec split,
                            DownsamplingSpec downsampling, double maxBadFraction, String outputPath,
                            boolean overwrite, TimeFeaturesSpec timeFeatures, List<String> configFiles) {
  public static final String ROOT = "sparkctr.features";

  public FeatureConfig {
    crosses = crosses.stream().map(List::copyOf).toList();
    configFiles = List.copyOf(configFiles);
    if (!(maxBadFraction >= 0 && maxBadFraction <= 1)) {
      throw new IllegalArgumentException("Cannot configure quarantine.max-bad-fraction: " + maxBadFraction
          + " is outside [0, 1]");
    }
    for (String f : numericTransform.fields().keySet()) {
      if (!schema.numeric().contains(f)) {
        throw new IllegalArgumentException("Cannot configure numeric-transform.fields." + f
            + ": not a declared numeric field " + schema.numeric());
      }
    }
    Set<String> crossNames = new HashSet<>();
    for (List<String> cross : crosses) {
      if (cross.size() < 2) {
        throw new IllegalArgumentException("Cannot configure crosses: " + cross + " has fewer than 2 fields");
      }
      if (new HashSet<>(cross).size() != cross.size()) {
        throw new IllegalArgumentException("Cannot configure crosses: " + cross + " repeats a field");
      }
      for (String f : cross) {
        if (!schema.isFeature(f)) {
          throw new IllegalArgumentException("Cannot configure crosses: " + cross + " names '" + f
              + "', which is not a declared categorical or numeric field");
        }
        if (schema.numeric().contains(f) && numericTransform.kindsOf(f).size() > 1) {
          throw new IllegalArgumentException("Cannot configure crosses: " + cross + " names '" + f
              + "', which has several transforms " + numericTransform.kindsOf(f) + "; cross a field with one");
        }
        if (schema.numeric().contains(f) && !numericTransform.kindOf(f).isIndexed()) {
          throw new IllegalArgumentException("Cannot configure crosses: " + cross + " names '" + f
              + "', which is standardized; only bucketized numeric fields can be crossed");
        }
      }
      if (!crossNames.add(crossName(cross))) {
        throw new IllegalArgumentException("Cannot configure crosses: " + cross + " is declared twice");
      }
    }
    if (!timeFeatures.fields().isEmpty() && schema.timestamp().isFileDay()) {
      throw new IllegalArgumentException("Cannot configure " + TimeFeaturesSpec.FIELDS + ": schema.timestamp.format"
          + " = file-day gives day numbers, not times of day or week");
    }
    Set<String> features = new HashSet<>(schema.categorical());
    schema.multiValued().forEach(mv -> features.add(mv.field()));
    for (String f : schema.numeric()) {
      numericTransform.kindsOf(f).forEach(k -> features.add(numericTransform.featureName(f, k)));
    }
    timeFeatures.fields().forEach(t -> features.add(t.configName()));
    for (String f : schema.numeric()) {
      for (NumericKind k : numericTransform.kindsOf(f)) {
        String name = numericTransform.featureName(f, k);
        if (!name.equals(f) && (schema.requiredColumns().contains(name) || crossNames.contains(name))) {
          throw new IllegalArgumentException("Cannot configure numeric-transform.fields." + f + ": its feature name '"
              + name + "' is already a column or cross");
        }
      }
    }
    for (TimeFeature t : timeFeatures.fields()) {
      if (schema.requiredColumns().contains(t.configName()) || crossNames.contains(t.configName())) {
        throw new IllegalArgumentException("Cannot configure " + TimeFeaturesSpec.FIELDS + ": '" + t.configName()
            + "' is already a declared column");
      }
    }
    Set<String> inGroups = new HashSet<>();
    for (List<String> group : hashing.shared()) {
      if (group.size() < 2) {
        throw new IllegalArgumentException("Cannot configure hashing.shared: " + group + " has fewer than 2 fields");
      }
      for (String f : group) {
        if (!schema.categorical().contains(f) && schema.multiValued(f) == null) {
          throw new IllegalArgumentException("Cannot configure hashing.shared: " + group + " names '" + f
              + "', which is not a declared categorical or multi-valued field");
        }
        if (!inGroups.add(f)) {
          throw new IllegalArgumentException("Cannot configure hashing.shared: '" + f + "' is in two groups");
        }
      }
    }
    if (!hashing.tables().isEmpty()) {
      List<String> fieldNames = modelFieldNames(schema, numericTransform, crosses, timeFeatures);
      for (TableSpec t : hashing.tables()) {
        for (String f : t.fields()) {
          if (!fieldNames.contains(f)) {
            throw new IllegalArgumentException("Cannot configure " + TableSpec.KEY + ": table '" + t.name()
                + "' names '" + f + "', which is not a slot or multi-valued field; fields: " + fieldNames);
          }
        }
      }
    }
    for (String slot : vocabulary.fields().keySet()) {
      if (!features.contains(slot) && !crossNames.contains(slot)) {
        throw new IllegalArgumentException("Cannot configure vocabulary.fields." + slot
            + ": not a declared feature or cross (crosses are named like a_x_b; a numeric field with several"
            + " transforms like n1_quantile); features: " + new java.util.TreeSet<>(features));
      }
    }
  }

  /**
   * The names of the model's fields as the manifest lists them: the slots (categorical fields, a
   * numeric field's bucketized transforms, crosses, time features), then the multi-valued fields.
   */
  static List<String> modelFieldNames(SchemaSpec schema, NumericTransformSpec numericTransform,
                                      List<List<String>> crosses, TimeFeaturesSpec timeFeatures) {
    List<String> out = new ArrayList<>(schema.categorical());
    for (String f : schema.numeric()) {
      for (NumericKind k : numericTransform.kindsOf(f)) {
        if (k.isIndexed()) {
          out.add(numericTransform.featureName(f, k));
        }
      }
    }
    crosses.forEach(c -> out.add(crossName(c)));
    timeFeatures.fields().forEach(t -> out.add(t.configName()));
    schema.multiValued().forEach(mv -> out.add(mv.field()));
    return out;
  }

  /** The name of a cross slot, e.g. {@code c1_x_c2}. */
  public static String crossName(List<String> fields) {
    return String.join("_x_", fields);
  }

  /** Loads {@code file} over the defaults. */
  public static FeatureConfig load(File file) {
    return from(ConfigLoader.load(file), file.toString());
  }

  /** Reads the typed config from a merged HOCON tree; {@code source} names it in errors. */
  public static FeatureConfig from(Config root, String source) {
    try {
      Config c = root.getConfig(ROOT);
      Config in = c.getConfig("input");
      InputSpec input = new InputSpec(in.getString("path"), InputFormat.parse(in.getString("format"),
          InputSpec.FORMAT), in.getBoolean("header"), in.getString("delimiter"), in.getStringList("columns"),
          in.getStringList("missing-values"), in.getString("quote"), in.getBoolean("multiline"));
      Config s = c.getConfig("schema");
      Config ts = s.getConfig("timestamp");
      Instant now = Instant.now();
      SchemaSpec schema = new SchemaSpec(s.getString("label"), optional(s.getString("id")),
          optional(s.getString("group")), s.getStringList("categorical"), s.getStringList("numeric"),
          new TimestampSpec(ts.getString("field"), ts.getString("format"), ts.getString("zone"),
              ts.getString("file-day-pattern"), TimeBound.parse(ts.getString("min"), "schema.timestamp.min", now),
              TimeBound.parse(ts.getString("max"), "schema.timestamp.max", now)),
          MultiValuedSpec.parseAll(s.getList("multi-valued")));
      TimeFeaturesSpec time = new TimeFeaturesSpec(c.getStringList("time-features.fields").stream()
          .map(t -> TimeFeature.parse(t, TimeFeaturesSpec.FIELDS)).toList(), c.getString("time-features.zone"));
      List<List<String>> shared = new ArrayList<>();
      for (Object o : c.getList("hashing.shared").unwrapped()) {
        if (!(o instanceof List<?> l)) {
          throw new IllegalArgumentException("Cannot read hashing.shared: entry " + o + " is not a list of field names");
        }
        shared.add(l.stream().map(String::valueOf).toList());
      }
      HashingSpec hashing = new HashingSpec(c.getInt("hashing.bits"), c.getInt("hashing.seed"), shared,
          TableSpec.parseAll(c.getList("hashing.tables")));
      List<List<String>> crosses = new ArrayList<>();
      for (Object o : c.getList("crosses").unwrapped()) {
        if (!(o instanceof List<?> l)) {
          throw new IllegalArgumentException("Cannot read crosses: entry " + o + " is not a list of field names");
        }
        crosses.add(l.stream().map(String::valueOf).toList());
      }
      Config nt = c.getConfig("numeric-transform");
      Map<String, List<NumericKind>> kinds = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> e : nt.getConfig("fields").root().entrySet()) {
        String key = "numeric-transform.fields." + e.getKey();
        Object v = e.getValue().unwrapped();
        List<?> names = v instanceof List<?> l ? l : List.of(v);
        kinds.put(e.getKey(), names.stream().map(n -> NumericKind.parse(String.valueOf(n), key)).toList());
      }
      NumericTransformSpec numeric = new NumericTransformSpec(NumericKind.parse(nt.getString("default"),
          "numeric-transform.default"), kinds, nt.getInt("quantile-buckets"), nt.getDouble("quantile-relative-error"));
      Config v = c.getConfig("vocabulary");
      Map<String, Integer> minCounts = new LinkedHashMap<>();
      for (String f : v.getConfig("fields").root().keySet()) {
        minCounts.put(f, v.getConfig("fields").getInt("\"" + f + "\""));
      }
      VocabularySpec vocabulary = new VocabularySpec(v.getInt("min-count"), minCounts);
      Config sp = c.getConfig("split");
      SplitSpec split = new SplitSpec(SplitMode.parse(sp.getString("mode")), sp.getDouble("validation-fraction"),
          sp.getDouble("test-fraction"), sp.getInt("validation-days"), sp.getInt("test-days"),
          instant(sp.getString("validation-start"), "split.validation-start"),
          instant(sp.getString("test-start"), "split.test-start"), sp.getLong("min-rows.train"),
          sp.getLong("min-rows.validation"), sp.getLong("min-rows.test"));
      DownsamplingSpec down = new DownsamplingSpec(c.getDouble("downsampling.negative-rate"),
          c.getInt("downsampling.seed"));
      return new FeatureConfig(input, schema, hashing, crosses, numeric, vocabulary, split, down,
          c.getDouble("quarantine.max-bad-fraction"), c.getString("output.path"), c.getBoolean("output.overwrite"),
          time, ConfigLoader.filesRead(root));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** A copy with input and output paths replaced where given (command-line overrides). */
  public FeatureConfig withPaths(String inputPath, String output) {
    return new FeatureConfig(inputPath == null ? input : input.withPath(inputPath), schema, hashing, crosses,
        numericTransform, vocabulary, split, downsampling, maxBadFraction, output == null ? outputPath : output,
        overwrite, timeFeatures, configFiles);
  }

  /** A copy that replaces an existing output (output.overwrite = true). */
  public FeatureConfig withOverwrite() {
    return new FeatureConfig(input, schema, hashing, crosses, numericTransform, vocabulary, split, downsampling,
        maxBadFraction, outputPath, true, timeFeatures, configFiles);
  }

  private static Optional<String> optional(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static Optional<Instant> instant(String s, String key) {
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Cannot read " + key + ": '" + s
          + "' is not an ISO-8601 instant such as 2026-01-07T00:00:00Z");
    }
  }
}
