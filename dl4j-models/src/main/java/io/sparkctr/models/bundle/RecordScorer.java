package io.sparkctr.models.bundle;

import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.config.TimestampSpec;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.ManifestInput;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.parse.RecordParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.sparkctr.models.graph.ModelSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Scores raw records in this JVM with a loaded bundle: each record is parsed and transformed by
 * the bundle's manifest — exactly the training transform — then predicted and recalibrated. The
 * batch {@code score} job gives the same probability for the same row.
 *
 * <p>A record maps field names to raw values as they appear in the logs (absent, empty or a
 * configured missing token = missing). Only the fields the manifest's features use are needed: the
 * label never, the timestamp only when a feature is computed from it (then, if the manifest takes
 * the day from file names, pass the file name). The Spark ML model scores DataFrame rows through
 * {@link #parse} and {@link #scoreParsed}. A
 * multi-valued field's value is its items joined by the field's separator, as in the logs (e.g.
 * {@code "Comedy|Drama"}; its weights column likewise); time features, numeric fields used twice
 * and pooled fields are then computed exactly as the feature job did.
 */
public final class RecordScorer {
  /** Stands in for the event time when no feature uses it (it then never reaches the transform). */
  private static final String NO_TIME = "\u0000sparkctr-no-time";
  private final BundleScorer scorer;
  private final List<String> columns;
  private final RecordParser parser;
  private final boolean placeholderTime;

  public RecordScorer(ModelBundle bundle) {
    this(bundle.model(), bundle.manifest(), bundle.spec());
  }

  /** @param net a graph bound to its tables (e.g. restored on an executor) */
  public RecordScorer(ComputationGraph net, FeatureManifest m, ModelSpec spec) {
    this.scorer = new BundleScorer(net, m, spec);
    SchemaSpec schema = ManifestInput.schema(m);
    String time = schema.timestamp().isFileDay() ? null : schema.timestamp().field();
    this.placeholderTime = !usesTime(m);
    this.columns = schema.requiredColumns().stream().filter(c -> !c.equals(schema.label()))
        .filter(c -> !(placeholderTime && c.equals(time) && !c.equals(m.fields().id()) && !c.equals(m.fields().group())))
        .toList();
    List<String> parsed = new ArrayList<>(columns);
    SchemaSpec parsing = schema;
    if (placeholderTime) {
      parsed.add(NO_TIME);
      TimestampSpec t = schema.timestamp();
      // the same roles, multi-valued fields included, with the placeholder as the event time
      parsing = new SchemaSpec(schema.label(), schema.id(), schema.group(), schema.categorical(), schema.numeric(),
          new TimestampSpec(NO_TIME, TimestampSpec.EPOCH_SECONDS, t.zone(), t.fileDayPattern()),
          schema.multiValued());
    }
    this.parser = RecordParser.forScoring(parsed, ',', m.rawInput().missingValues(), parsing, "record");
  }

  /**
   * Whether a feature is computed from the event time: a slot that names the timestamp field (none of
   * today's transforms do; time features will).
   */
  static boolean usesTime(FeatureManifest m) {
    String time = m.fields().timestampField();
    return time != null && m.slots().stream()
        .anyMatch(s -> FeatureManifest.Slot.TIME.equals(s.kind()) || s.fields().contains(time));
  }

  /** The fields a record must or may carry, in the order {@link #parse} takes them: id, group and the features. */
  public List<String> fields() {
    return columns;
  }

  /**
   * Parses one record's values, in the order of {@link #fields()} (null = missing).
   *
   * @param raw shown in the outcome if the record is bad
   * @param file the file the record came from (only for file-day timestamps)
   */
  public ParseOutcome parse(String[] values, String raw, String file, String location, long position) {
    return parse(values, null, raw, file, location, position);
  }

  /**
   * As {@link #parse(String[], String, String, String, long)}; {@code lists[i]}, when not null, is
   * field i already as a list (e.g. an array column: a multi-valued field's items, or its weights as
   * text), taken instead of splitting {@code values[i]} at the field's separator.
   */
  public ParseOutcome parse(String[] values, String[][] lists, String raw, String file, String location,
                            long position) {
    String[] v = placeholderTime ? Arrays.copyOf(values, values.length + 1) : values;
    String[][] l = placeholderTime && lists != null ? Arrays.copyOf(lists, lists.length + 1) : lists;
    if (placeholderTime) {
      v[values.length] = "0";
    }
    return parser.parseFields(v, l, raw, file, location, position);
  }

  /** Recalibrated probabilities of parsed records, in order (the one scoring path, {@link BundleScorer}). */
  public double[] scoreParsed(List<ParsedRecord> records) {
    return scorer.scoreRecords(records);
  }

  public double score(Map<String, String> record) {
    return score(List.of(record), "record")[0];
  }

  /**
   * @param file the name of the file the records came from (used only for file-day timestamps)
   * @throws IllegalArgumentException naming the record and field that cannot be parsed
   */
  public double[] score(List<Map<String, String>> records, String file) {
    List<ParsedRecord> parsed = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      Map<String, String> rec = records.get(i);
      String[] values = columns.stream().map(rec::get).toArray(String[]::new);
      ParseOutcome o = parse(values, rec.toString(), file, "record " + i, i);
      if (!o.isOk()) {
        throw new IllegalArgumentException("Cannot score record " + i + ": " + o.bad.reason() + ", "
            + o.bad.detail());
      }
      parsed.add(o.record);
    }
    return scorer.scoreRecords(parsed);
  }
}
