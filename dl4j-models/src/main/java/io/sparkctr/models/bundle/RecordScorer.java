package io.sparkctr.models.bundle;

import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.ManifestInput;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.parse.RecordParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores raw records in this JVM with a loaded bundle: each record is parsed and transformed by
 * the bundle's manifest — exactly the training transform — then predicted and recalibrated. The
 * batch {@code score} job gives the same probability for the same row.
 *
 * <p>A record maps field names to raw values as they appear in the logs (absent, empty or a
 * configured missing token = missing). The label is not needed; the timestamp field is (unless
 * the manifest takes the day from file names: then pass the file name). A multi-valued field's
 * value is its items joined by the field's separator, as in the logs (e.g. {@code "Comedy|Drama"};
 * its weights column likewise); time features, numeric fields used twice and pooled fields are
 * then computed exactly as the feature job did.
 */
public final class RecordScorer {
  private final BundleScorer scorer;
  private final List<String> columns;
  private final RecordParser parser;

  public RecordScorer(ModelBundle bundle) {
    this.scorer = new BundleScorer(bundle);
    FeatureManifest m = bundle.manifest();
    SchemaSpec schema = ManifestInput.schema(m);
    this.columns = schema.requiredColumns().stream().filter(c -> !c.equals(schema.label())).toList();
    this.parser = RecordParser.forScoring(columns, ',', m.rawInput().missingValues(), schema, "record");
  }

  /** The fields a record must or may carry: timestamp, id, group, categorical and numeric fields. */
  public List<String> fields() {
    return columns;
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
      ParseOutcome o = parser.parseFields(values, rec.toString(), file, "record " + i, i);
      if (!o.isOk()) {
        throw new IllegalArgumentException("Cannot score record " + i + ": " + o.bad.reason() + ", "
            + o.bad.detail());
      }
      parsed.add(o.record);
    }
    return scorer.scoreRecords(parsed);
  }
}
