package io.sparkctr.jobs.nightly;

import io.sparkctr.jobs.eval.ReportHtml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trend page's charts: candidate vs published AUC (with the candidate's interval band), logloss,
 * calibration. Each candidate point is green (published) or red (rejected); the current version's is
 * a large diamond. The page data is {@code {"current": version or null, "results": [...]}}.
 */
final class TrendScript {
  private TrendScript() {}

  static String page(String title, String body, List<NightlyResult> results, String current) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("current", current);
    data.put("results", results);
    return ReportHtml.page(title, body, ReportHtml.scriptJson(data), SCRIPT);
  }

  private static final String SCRIPT = """
      const page = JSON.parse(document.getElementById('report-data').textContent);
      const results = page.results;
      const dates = results.map(r => r.date);
      window.sparkctrCharts = {};
      const isCurrent = r => r.date === page.current;
      const line = (id, title, key, ci) => {
        const sets = [{label: 'candidate ' + key, data: results.map(r => r.candidate[key]), borderColor: '#1f77b4',
          pointBackgroundColor: results.map(r => r.published ? '#2ca02c' : '#d62728'),
          pointStyle: results.map(r => isCurrent(r) ? 'rectRot' : 'circle'),
          pointRadius: results.map(r => isCurrent(r) ? 10 : 5),
          pointBorderColor: results.map(r => isCurrent(r) ? '#000' : '#1f77b4')},
          {label: 'published model ' + key, data: results.map(r => r.previousMetrics ? r.previousMetrics[key] : null),
          borderColor: '#ff7f0e', borderDash: [5, 3]}];
        if (ci) {
          sets.push({label: 'interval low', data: results.map(r => r.candidate[ci] ? r.candidate[ci].lower : null),
            borderColor: '#aec7e8', pointRadius: 0, fill: false});
          sets.push({label: 'interval high', data: results.map(r => r.candidate[ci] ? r.candidate[ci].upper : null),
            borderColor: '#aec7e8', pointRadius: 0, fill: '-1', backgroundColor: 'rgba(31,119,180,0.12)'});
        }
        window.sparkctrCharts[id] = new Chart(document.getElementById(id), {type: 'line',
          data: {labels: dates, datasets: sets},
          options: {layout: {padding: 12}, plugins: {title: {display: true, text: title + ' (green point: published, red: rejected; '
            + 'large diamond: current ' + (page.current || 'none') + ')'}}}});
      };
      line('trend-auc', 'Held-out AUC by date', 'auc', 'aucCi');
      line('trend-logloss', 'Held-out logloss by date', 'logloss', 'loglossCi');
      line('trend-calibration', 'Calibration (mean prediction / click rate) by date', 'calibration', null);
      // the charts that hold data, for tests in a headless browser
      document.body.setAttribute('data-charts', Object.entries(window.sparkctrCharts)
        .filter(([k, c]) => c.data.datasets.some(d => d.data.some(v => v !== null))).map(([k]) => k).join(' '));
      """;
}
