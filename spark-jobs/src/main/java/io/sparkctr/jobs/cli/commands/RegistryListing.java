package io.sparkctr.jobs.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sparkctr.common.json.Json;
import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.jobs.nightly.NightlyResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The rows of {@code sparkctr registry list}: one per complete version. */
record RegistryListing(List<Map<String, Object>> rows) {
  static RegistryListing of(ModelRegistry r) {
    Optional<String> current = r.current();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String v : r.versions()) {
      Optional<NightlyResult> res = r.result(v);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("version", v);
      row.put("current", current.filter(v::equals).isPresent());
      row.put("gate", res.map(x -> x.published() ? "passed" : "rejected").orElse("n/a"));
      row.put("auc", res.map(x -> x.candidate().auc()).orElse(null));
      row.put("logloss", res.map(x -> x.candidate().logloss()).orElse(null));
      row.put("demoted", r.demoted(v));
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
    sb.append(String.format(Locale.ROOT, "  %-12s %-9s %-8s %-8s %s%n", "version", "gate", "AUC", "logloss", "note"));
    for (Map<String, Object> row : rows) {
      sb.append(String.format(Locale.ROOT, "%s %-12s %-9s %-8s %-8s %s%n", (boolean) row.get("current") ? "*" : " ",
          row.get("version"), row.get("gate"), num(row.get("auc")), num(row.get("logloss")),
          (boolean) row.get("demoted") ? "rolled back" : ""));
    }
    if (rows.isEmpty()) {
      sb.append("(no versions)\n");
    }
    return sb.toString();
  }

  private static String num(Object v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", (Double) v);
  }
}
