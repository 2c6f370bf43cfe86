package io.sparkctr.jobs.eval;

/**
 * The page script of a report: reads the models' JSON from {@code #report-data} and draws ROC,
 * precision-recall, reliability by prediction quantile, the score histogram per class, AUC per day
 * with its interval band, and the training curves, each complete when created (no animation:
 * {@link ReportHtml#STATIC_CHARTS} runs first). Each chart records itself in
 * {@code window.sparkctrCharts} (the browser test checks them).
 */
final class ReportCharts {
  private ReportCharts() {}

  static final String SCRIPT = """
      const models = JSON.parse(document.getElementById('report-data').textContent);
      const colors = ['#1f77b4', '#ff7f0e'];
      window.sparkctrCharts = {};
      const draw = (id, config) => { window.sparkctrCharts[id] = new Chart(document.getElementById(id), config); };
      const lineOpts = (title, x, y) => ({responsive: true, plugins: {title: {display: true, text: title}},
        scales: {x: {type: 'linear', title: {display: true, text: x}}, y: {title: {display: true, text: y}}}});
      const diagonal = (label, hi) => ({label: label, data: [{x: 0, y: 0}, {x: hi, y: hi}], borderColor: '#999',
        borderDash: [4, 4], pointRadius: 0});
      draw('roc', {type: 'line', data: {datasets: models.map((m, i) => ({label: m.name,
          data: m.roc.map(p => ({x: p[0], y: p[1]})), borderColor: colors[i], pointRadius: 0}))
          .concat([diagonal('chance', 1)])},
        options: lineOpts('ROC curve', 'false positive rate', 'true positive rate')});
      draw('pr', {type: 'line', data: {datasets: models.map((m, i) => ({label: m.name,
          data: m.precisionRecall.map(p => ({x: p[0], y: p[1]})), borderColor: colors[i], pointRadius: 0}))},
        options: lineOpts('Precision-recall curve', 'recall', 'precision')});
      const maxP = Math.max(...models.flatMap(m => m.metrics.reliability.map(b => Math.max(b.meanPrediction,
        b.observedRate))), 0.01);
      draw('reliability', {type: 'line', data: {datasets: models.map((m, i) => ({label: m.name,
          data: m.metrics.reliability.map(b => ({x: b.meanPrediction, y: b.observedRate, n: b.count})),
          borderColor: colors[i]})).concat([diagonal('perfect calibration', maxP)])},
        options: Object.assign(lineOpts('Reliability by prediction quantile (equal row counts per point)',
          'mean prediction', 'observed click rate'), {plugins: {title: {display: true,
          text: 'Reliability by prediction quantile (equal row counts per point)'}, tooltip: {callbacks: {
          afterLabel: c => c.raw.n === undefined ? '' : 'rows: ' + c.raw.n}}}})});
      const h = models[0].scoreHistogram;
      const share = (a) => { const t = a.reduce((s, v) => s + v, 0); return a.map(v => t === 0 ? 0 : v / t); };
      draw('scores', {type: 'bar', data: {labels: h.positives.map((_, k) => h.edges[k].toPrecision(3)),
          datasets: [{label: 'clicks', data: share(h.positives), backgroundColor: 'rgba(214,39,40,0.6)'},
                     {label: 'non-clicks', data: share(h.negatives), backgroundColor: 'rgba(31,119,180,0.5)'}]},
        options: {plugins: {title: {display: true, text: models[0].name + ': score distribution per class '
          + '(share of the class; buckets of equal logit width, lower edge shown)'}},
          scales: {x: {title: {display: true, text: 'prediction'}}, y: {title: {display: true, text: 'share'}}}}});
      const days = Object.keys(models[0].metrics.perDay).sort();
      const ci = (m, d, k) => { const s = m.metrics.perDay[d]; return s && s.aucCi ? s.aucCi[k] : null; };
      draw('days', {type: 'line', data: {labels: days, datasets: models.flatMap((m, i) => [
          {label: m.name + ' AUC', data: days.map(d => m.metrics.perDay[d] ? m.metrics.perDay[d].auc : null),
           borderColor: colors[i], backgroundColor: colors[i]},
          {label: m.name + ' interval low', data: days.map(d => ci(m, d, 'lower')), borderColor: colors[i],
           borderDash: [3, 3], pointRadius: 0, fill: false},
          {label: m.name + ' interval high', data: days.map(d => ci(m, d, 'upper')), borderColor: colors[i],
           borderDash: [3, 3], pointRadius: 0, fill: '-1', backgroundColor: 'rgba(128,128,128,0.15)'}])},
        options: {plugins: {title: {display: true, text: 'AUC per day with its confidence interval'}},
          scales: {y: {title: {display: true, text: 'AUC'}}}}});
      draw('training', {type: 'line', data: {datasets: models.flatMap((m, i) => [
          {label: m.name + ' validation AUC', data: m.training.epochs.map(e => ({x: e.epoch, y: e.validationAuc})),
           borderColor: colors[i], yAxisID: 'auc'},
          {label: m.name + ' training loss', data: m.training.epochs.map(e => ({x: e.epoch, y: e.trainLoss})),
           borderColor: colors[i], borderDash: [5, 3], yAxisID: 'loss'}])},
        options: {plugins: {title: {display: true, text: 'Training curves'}}, scales: {
          x: {type: 'linear', title: {display: true, text: 'epoch'}, ticks: {stepSize: 1}},
          auc: {position: 'left', title: {display: true, text: 'validation AUC'}},
          loss: {position: 'right', title: {display: true, text: 'training loss'}}}}});
      // the charts that hold data, for tests in a headless browser
      document.body.setAttribute('data-charts', Object.entries(window.sparkctrCharts)
        .filter(([k, c]) => c.data.datasets.some(d => d.data.some(v => v !== null))).map(([k]) => k).join(' '));
      """;
}
