package io.sparkctr.jobs.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.jobs.nightly.NightlyResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The rows of {@code sparkctr registry list}: one per complete version. */
record RegistryListing(List<Map<String, Object>> rows) {
  static RegistryListing of(ModelRegistry r) {
    Optional<String> current = r.brokenPointer() ? Optional.empty() : r.current(); // list says why it is broken
    Set<String> demoted = r.demoted();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String v : r.versions()) {
      Optional<NightlyResult> res = r.result(v);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("version", v);
      row.put("current", current.filter(v::equals).isPresent());
      row.put("gate", res.map(x -> x.published() ? "passed" : "rejected").orElse("n/a"));
      row.put("auc", res.map(x -> x.candidate().auc()).orElse(null));
      row.put("logloss", res.map(x -> x.candidate().logloss()).orElse(null));
      row.put("demoted", demoted.contains(v));
      JsonNode lineage = r.readText(v, ModelBundle.LINEAGE).map(RegistryListing::tree).orElse(null);
      row.put("sparkctr", lineage == null ? null : lineage.path("sparkctrVersion").asText(null));
      row.put("commit", lineage == null ? null : lineage.path("gitCommit").asText(null));
      rows.add(row);
    }
    return new RegistryListing(rows);
  }

  String render(boolean json) throws JsonProcessingException {
    StringBuilder sb = new StringBuilder();
    if (json) {
      for (Map<String, Object> row : rows) {
        sb.append(Json.COMPACT.writeValueAsString(row)).append('\n');
      }
      return sb.toString();
    }
    sb.append(String.format(Locale.ROOT, "  %-12s %-9s %-8s %-8s %-26s %s%n", "version", "gate", "AUC", "logloss",
        "built by", "note"));
    for (Map<String, Object> row : rows) {
      sb.append(String.format(Locale.ROOT, "%s %-12s %-9s %-8s %-8s %-26s %s", (boolean) row.get("current") ? "*" : " ",
          row.get("version"), row.get("gate"), num(row.get("auc")), num(row.get("logloss")), built(row),
          (boolean) row.get("demoted") ? "rolled back" : "").stripTrailing()).append('\n');
    }
    if (rows.isEmpty()) {
      sb.append("(no versions)\n");
    }
    return sb.toString();
  }

  /** {@code 0.1.0@0123456} from the lineage, {@code n/a} for a bundle without one. */
  private static String built(Map<String, Object> row) {
    Object v = row.get("sparkctr");
    Object c = row.get("commit");
    if (v == null) {
      return "n/a";
    }
    return c == null || "unknown".equals(c) ? v.toString() : v + "@" + c.toString().substring(0, Math.min(7,
        c.toString().length()));
  }

  private static JsonNode tree(String json) {
    try {
      return Json.PRETTY.readTree(json);
    } catch (JsonProcessingException e) {
      return null; // a malformed lineage does not hide the version from the listing
    }
  }

  private static String num(Object v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", (Double) v);
  }
}
