package io.sparkctr.features.manifest;

import io.sparkctr.common.json.Json;
import io.sparkctr.features.config.TableSpec;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to apply the training transform to a raw record later, and what the job
 * counted: it is written as {@code manifest.json} next to the feature splits and travels with
 * every model trained on them. Field order and map keys are deterministic, so the same inputs
 * and config give a byte-identical file.
 *
 * @param formatVersion bumped on incompatible changes
 * @param rawInput how raw lines split into columns
 * @param fields which column plays which role
 * @param hashing the shared index space
 * @param slots one entry per position of the index array, in order
 * @param dense one entry per position of the dense array, in order (standardized numerics)
 * @param downsampling the training negative keep-rate, for recalibration
 * @param split the resolved time boundaries
 * @param counts rows read, written per split, quarantined per reason, downsampled
 * @param multiValued one entry per multi-valued field, in order: each is one pooled field of the model
 *     after the slots (absent in manifests written before multi-valued fields: none)
 */
public record FeatureManifest(int formatVersion, RawInput rawInput, Fields fields, Hashing hashing, List<Slot> slots,
                              List<DenseField> dense, Downsampling downsampling, SplitBoundaries split, Counts counts,
                              List<MultiSlot> multiValued)
    implements Serializable {
  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "manifest.json";

  private static final ObjectMapper JSON = Json.CONTRACT;

  /** A manifest without multi-valued fields. */
  public FeatureManifest(int formatVersion, RawInput rawInput, Fields fields, Hashing hashing, List<Slot> slots,
                         List<DenseField> dense, Downsampling downsampling, SplitBoundaries split, Counts counts) {
    this(formatVersion, rawInput, fields, hashing, slots, dense, downsampling, split, counts, List.of());
  }

  @JsonCreator
  public FeatureManifest {
    slots = List.copyOf(slots);
    dense = List.copyOf(dense);
    multiValued = multiValued == null ? List.of() : List.copyOf(multiValued);
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException("Cannot read feature manifest: format version " + formatVersion
          + ", this build reads " + FORMAT_VERSION);
    }
  }

  /**
   * How a raw text line or Parquet row is read. {@code quote} is the RFC 4180 quote character of
   * text input ("" or null: unquoted, as in manifests written before quoting was supported);
   * {@code multiline}: quoted fields may hold line breaks.
   */
  public record RawInput(String format, boolean header, String delimiter, List<String> columns,
                         List<String> missingValues, String quote, boolean multiline) implements Serializable {
    @JsonCreator
    public RawInput {}

    /** Unquoted input (the layout of manifests before quoting). */
    public RawInput(String format, boolean header, String delimiter, List<String> columns,
                    List<String> missingValues) {
      this(format, header, delimiter, columns, missingValues, "", false);
    }
  }

  /** Column roles; {@code id} and {@code group} may be null. */
  public record Fields(String label, String id, String group, List<String> categorical, List<String> numeric,
                       String timestampField, String timestampFormat, String timestampZone,
                       String fileDayPattern) implements Serializable {}

  /**
   * The index spaces. Without per-field tables ({@code tables} empty, as in manifests written before
   * them) one space of 2^bits holds every slot and multi-valued field, {@code reservedIndices} of
   * them reserved at the start for missing/out-of-vocabulary values. With {@code hashing.tables}
   * each entry of {@code tables} is its own space (a table of the model) and the rest of the fields
   * stay in the space of 2^bits named {@link IndexTable#DEFAULT}, listed last when it holds any.
   * An empty {@code tables} is not written: a manifest without tables is byte for byte as before.
   */
  public record Hashing(int bits, int seed, int reservedIndices,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<IndexTable> tables) implements Serializable {
    /** One space for every field (no per-field tables). */
    public Hashing(int bits, int seed, int reservedIndices) {
      this(bits, seed, reservedIndices, List.of());
    }

    @JsonCreator
    public Hashing {
      tables = tables == null ? List.of() : List.copyOf(tables);
    }
  }

  /**
   * One index space, i.e. one table of the model: 2^bits indices; {@code fields} are the slot and
   * multi-valued field names it holds, slots first in slot order, then multi-valued fields in order.
   * The field at position p of {@code fields} owns index 2p (missing) and 2p + 1 (out of vocabulary);
   * the rest of the space is hashed into as {@code IndexSpace} says.
   */
  public record IndexTable(String name, int bits, List<String> fields) implements Serializable {
    /** The space of {@code hashing.bits} that holds every field no table names ({@link TableSpec#DEFAULT}). */
    public static final String DEFAULT = TableSpec.DEFAULT;

    @JsonCreator
    public IndexTable {
      fields = List.copyOf(fields);
    }

    public long size() {
      return 1L << bits;
    }

    /** Indices reserved at the start: two per field. */
    public int reservedIndices() {
      return 2 * fields.size();
    }
  }

  /**
   * One position of the index array.
   *
   * @param kind categorical, numeric or cross
   * @param transform for numeric slots: log-bucket or quantile; else null
   * @param edges quantile bucket edges fitted on the training split; else null
   * @param vocabularyMinCount 0 when the slot has no vocabulary
   * @param vocabulary sorted values kept (seen at least vocabularyMinCount times in training); null when off
   */
  public record Slot(String name, String kind, List<String> fields, String transform, List<Double> edges,
                     int vocabularyMinCount, List<String> vocabulary, String zone, String hashName)
      implements Serializable {
    public static final String CATEGORICAL = "categorical";
    public static final String NUMERIC = "numeric";
    public static final String CROSS = "cross";
    /** A time feature: {@code transform} names it (hour-of-day, day-of-week), {@code zone} is its zone. */
    public static final String TIME = "time";

    /** A slot that is not a time feature (zone null). */
    public Slot(String name, String kind, List<String> fields, String transform, List<Double> edges,
                int vocabularyMinCount, List<String> vocabulary) {
      this(name, kind, fields, transform, edges, vocabularyMinCount, vocabulary, null, null);
    }

    /** A slot hashed under its own name. */
    public Slot(String name, String kind, List<String> fields, String transform, List<Double> edges,
                int vocabularyMinCount, List<String> vocabulary, String zone) {
      this(name, kind, fields, transform, edges, vocabularyMinCount, vocabulary, zone, null);
    }

    /** @param hashName the name its values are hashed under ({@code hashing.shared}); null = its own */
    @JsonCreator
    public Slot {}

    /** The name its values are hashed under. */
    public String tokenName() {
      return hashName == null ? name : hashName;
    }
  }

  /**
   * A multi-valued categorical field (see {@code schema.multi-valued}): its items are hashed like the
   * values of a categorical slot named {@code name} and pooled by the model into one field vector.
   *
   * @param maxLength the most items kept per row (the model pads each batch to it)
   * @param pooling sum, mean or weighted
   * @param weights the column of the parallel weights, or null
   * @param sequence none, newest-first or oldest-first
   * @param vocabularyMinCount 0 when the field has no vocabulary
   * @param vocabulary sorted items kept (seen at least vocabularyMinCount times in training); null when off
   * @param hashName the name its items are hashed under ({@code hashing.shared}); null = its own
   */
  public record MultiSlot(String name, String separator, int maxLength, String pooling, String weights,
                          String sequence, int vocabularyMinCount, List<String> vocabulary, String hashName)
      implements Serializable {
    /** A field hashed under its own name. */
    public MultiSlot(String name, String separator, int maxLength, String pooling, String weights, String sequence,
                     int vocabularyMinCount, List<String> vocabulary) {
      this(name, separator, maxLength, pooling, weights, sequence, vocabularyMinCount, vocabulary, null);
    }

    @JsonCreator
    public MultiSlot {}

    /** The name its items are hashed under. */
    public String tokenName() {
      return hashName == null ? name : hashName;
    }
  }

  /** A standardized numeric field: dense value (v - mean) / std, 0 when missing. */
  public record DenseField(String field, double mean, double std) implements Serializable {}

  /** Training negatives were kept with probability {@code negativeRate}. */
  public record Downsampling(double negativeRate, int seed) implements Serializable {}

  /** ISO-8601 instants: validation from, test from, and the data's first and last event. */
  public record SplitBoundaries(String mode, String validationStart, String testStart, String firstEvent,
                                String lastEvent) implements Serializable {}

  /**
   * Row accounting. Invariant: {@code rowsRead = Σ written + Σ quarantined + downsampled}.
   * Header lines are not rows.
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = "warnings", allowGetters = true)
  public record Counts(long rowsRead, long headerLines, Map<String, Long> written, Map<String, Long> positives,
                       Map<String, Long> quarantined, long downsampled, Map<String, Long> truncated,
                       Map<String, Long> truncatedItems) implements Serializable {
    /**
     * What a click model cannot learn from, per split (written into the manifest, derived from the
     * counts): a split of rows with no clicks, or nothing but clicks.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("warnings")
    public List<String> warnings() {
      List<String> out = new java.util.ArrayList<>();
      for (Map.Entry<String, Long> e : new java.util.TreeMap<>(written).entrySet()) {
        Long clicks = positives.get(e.getKey());
        if (clicks != null && e.getValue() > 0 && (clicks == 0 || clicks.equals(e.getValue()))) {
          out.add(String.format(java.util.Locale.ROOT, "the %s split has %,d rows and %,d clicks: a model cannot "
              + "learn from or be judged on it (check the label field)", e.getKey(), e.getValue(), clicks));
        }
      }
      return out;
    }

    /** Counts without multi-valued fields. */
    public Counts(long rowsRead, long headerLines, Map<String, Long> written, Map<String, Long> positives,
                  Map<String, Long> quarantined, long downsampled) {
      this(rowsRead, headerLines, written, positives, quarantined, downsampled, Map.of(), Map.of());
    }

    /**
     * @param truncated per multi-valued field, the good rows whose list was cut to max-length
     * @param truncatedItems per multi-valued field, the items those cuts dropped
     */
    @JsonCreator
    public Counts {
      truncated = truncated == null ? Map.of() : Map.copyOf(truncated);
      truncatedItems = truncatedItems == null ? Map.of() : Map.copyOf(truncatedItems);
      written = Map.copyOf(written);
      positives = Map.copyOf(positives);
      quarantined = Map.copyOf(quarantined);
      long accounted = sum(written) + sum(quarantined) + downsampled;
      if (accounted != rowsRead) {
        throw new IllegalStateException("Cannot account for every row: read " + rowsRead + " but written "
            + written + " + quarantined " + quarantined + " + downsampled " + downsampled + " = " + accounted);
      }
    }

    public long totalQuarantined() {
      return sum(quarantined);
    }

    private static long sum(Map<String, Long> m) {
      return m.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public int indexWidth() {
    return slots.size();
  }

  /** Fields of the model: the slots, then the multi-valued (pooled) fields. */
  public int modelFields() {
    return slots.size() + multiValued.size();
  }

  /**
   * The index spaces as tables, each with its fields: {@code hashing.tables}, or (manifests without
   * per-field tables) the one space {@link IndexTable#DEFAULT} of 2^bits holding every slot and then
   * every multi-valued field.
   */
  public List<IndexTable> indexTables() {
    if (!hashing.tables().isEmpty()) {
      return hashing.tables();
    }
    List<String> all = new ArrayList<>(slots.stream().map(Slot::name).toList());
    multiValued.forEach(mv -> all.add(mv.name()));
    return List.of(new IndexTable(IndexTable.DEFAULT, hashing.bits(), all));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write feature manifest: " + e.getMessage(), e);
    }
  }

  public static FeatureManifest fromJson(String json, String source) {
    try {
      return JSON.readValue(json, FeatureManifest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read feature manifest " + source + ": " + e.getOriginalMessage(), e);
    }
  }

  /** A copy with the counts filled in. */
  /** How the transform of a model's manifest relates to that of the data it meets. */
  public enum Compatibility {
    /** Same slots (with their fitted edges and vocabularies), hashing and dense fields: the same indices. */
    SAME_TRANSFORM,
    /**
     * Same slot names, hashing and dense field names, refitted quantile edges, vocabularies or
     * standardization: an index position means the same feature, so parameters carry over (warm start).
     */
    SAME_LAYOUT,
    /** Anything else: parameters and data do not line up. */
    DIFFERENT
  }

  /**
   * The one rule for whether a model trained with this manifest fits data made with {@code other}:
   * evaluation needs {@link Compatibility#SAME_TRANSFORM}, warm start at least
   * {@link Compatibility#SAME_LAYOUT}.
   */
  public Compatibility compatibility(FeatureManifest other) {
    if (slots.equals(other.slots) && hashing.equals(other.hashing) && dense.equals(other.dense)
        && multiValued.equals(other.multiValued)) {
      return Compatibility.SAME_TRANSFORM;
    }
    boolean sameSlots = slots.stream().map(Slot::name).toList().equals(other.slots.stream().map(Slot::name).toList())
        && multiValued.stream().map(mv -> mv.name() + "/" + mv.maxLength()).toList()
        .equals(other.multiValued.stream().map(mv -> mv.name() + "/" + mv.maxLength()).toList());
    boolean sameDense = dense.stream().map(DenseField::field).toList()
        .equals(other.dense.stream().map(DenseField::field).toList());
    return sameSlots && sameDense && hashing.equals(other.hashing) ? Compatibility.SAME_LAYOUT
        : Compatibility.DIFFERENT;
  }

  /**
   * What of the transform differs from {@code other}, for messages: the slots (by name) whose
   * fitted edges, vocabulary or definition differ, the hashing, the standardized dense fields, the
   * multi-valued fields; empty when {@link Compatibility#SAME_TRANSFORM}.
   */
  public List<String> transformDifferences(FeatureManifest other) {
    List<String> out = new java.util.ArrayList<>();
    if (!hashing.equals(other.hashing)) {
      out.add("hashing " + hashing + " vs " + other.hashing);
    }
    if (slots.size() != other.slots.size()) {
      out.add("slots " + slots.size() + " vs " + other.slots.size());
    } else {
      for (int i = 0; i < slots.size(); i++) {
        if (!slots.get(i).equals(other.slots.get(i))) {
          out.add("slot " + slots.get(i).name() + (slots.get(i).name().equals(other.slots.get(i).name()) ? ""
              : " vs " + other.slots.get(i).name()) + " (its fitted edges, vocabulary or definition)");
        }
      }
    }
    if (!dense.equals(other.dense)) {
      out.add("dense fields " + dense + " vs " + other.dense);
    }
    if (!multiValued.equals(other.multiValued)) {
      out.add("multi-valued fields " + multiValued + " vs " + other.multiValued);
    }
    return out;
  }

  public FeatureManifest withCounts(Counts c) {
    return new FeatureManifest(formatVersion, rawInput, fields, hashing, slots, dense, downsampling, split, c,
        multiValued);
  }
}
