package io.sparkctr.models.onnx;

import io.sparkctr.common.json.Json;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.transform.RecordTransformer;
import io.sparkctr.models.bundle.BundleScorer;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.RecordScorer;
import io.sparkctr.models.data.FeatureRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@value #FILE}: raw records → the model's inputs → probability, computed by the bundle's own transform
 * and scorer, for a port of the transform in another language to test against (docs/serving.md):
 * <pre>
 *   {"manifest_sha256": ..., "recalibration_factor": ..., "rows": [{"raw": {column: value},
 *     "indices": [F], "bags": [[item indices]], "bag_weights": [[weights]], "dense": [D], "probability": p}]}
 * </pre>
 * Bags are listed unpadded; the model's inputs pad each to its length with index 0 and weight 0.
 */
public final class GoldenVectors {
  public static final String FILE = "golden.json";

  private GoldenVectors() {}

  /** Writes the golden vectors of {@code records} (null: {@link GoldenRecords}' synthetic ones) into {@code dir}. */
  public static void write(ModelBundle b, List<Map<String, String>> records, Path dir) {
    RecordScorer scorer = new RecordScorer(b);
    List<Map<String, String>> raw = records != null ? records : GoldenRecords.of(b.manifest(), scorer.fields());
    RecordTransformer t = new RecordTransformer(b.manifest());
    List<FeatureRow> rows = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      Map<String, String> rec = raw.get(i);
      String[] values = scorer.fields().stream().map(rec::get).toArray(String[]::new);
      ParseOutcome o = scorer.parse(values, rec.toString(), "golden", "golden record " + i, i);
      if (!o.isOk()) {
        throw new IllegalArgumentException("Cannot write golden vectors: record " + i + " " + rec + " does not parse: "
            + o.bad.reason() + ", " + o.bad.detail());
      }
      ParsedRecord r = o.record;
      rows.add(new FeatureRow(0, r.timestamp, t.indices(r), t.dense(r), null, t.bags(r), t.bagWeights(r)));
    }
    double[] p = new BundleScorer(b).score(rows);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      FeatureRow r = rows.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("raw", raw.get(i));
      row.put("indices", r.indices);
      row.put("bags", r.bags);
      row.put("bag_weights", r.bagWeights);
      row.put("dense", r.dense);
      row.put("probability", p[i]);
      out.add(row);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("manifest_sha256", OnnxExport.sha256(b.manifest().toJson()));
    doc.put("recalibration_factor", b.recalibrationFactor());
    doc.put("rows", out);
    try {
      Json.PRETTY.writeValue(dir.resolve(FILE).toFile(), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write golden vectors into " + dir + ": " + e.getMessage(), e);
    }
  }
}
