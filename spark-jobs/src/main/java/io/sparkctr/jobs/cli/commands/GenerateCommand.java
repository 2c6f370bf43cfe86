package io.sparkctr.jobs.cli.commands;

import io.sparkctr.features.synthetic.PlantedShape;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import io.sparkctr.jobs.GenerateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr generate}: planted-truth click logs. */
@Command(name = "generate", sortOptions = false,
    description = "Write planted-truth click logs: logs/ (CSV with header, in time order, one part file per "
        + SyntheticLogWriter.ROWS_PER_PARTITION + " rows), truth/ (each row's true click probability) and "
        + "generator.json. The same arguments give the same bytes.")
public final class GenerateCommand extends JobCommand {
  @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output directory (Hadoop path).")
  String out;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "100000", converter = Counts.class,
      description = "Impressions to write (default: ${DEFAULT-VALUE}; 1_000_000 style accepted).")
  long rows;

  @Option(names = "--days", paramLabel = "D", defaultValue = "7",
      description = "Days the impressions' timestamps span, from 2026-01-01 UTC; the days share the part files "
          + "(default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--shape", paramLabel = "NAME", defaultValue = "demo",
      description = "What to generate: demo (8 fields, the demo's logs) or realistic (a Criteo-like log: 26 fields "
          + "of 8 to 200,000 Zipf-skewed values, 13 numerics, sparse interactions, 100,000 users; "
          + "conf/presets/planted-realistic.conf reads it) (default: ${DEFAULT-VALUE}).")
  String shape;

  @Option(names = "--overwrite", description = "Replace an existing output (atomically) instead of failing.")
  boolean overwrite;

  @Option(names = "--recent-items", description = "Add a recent_items column: each user's recently clicked items "
      + "(space-separated, oldest first), whose true-logit term is 1.5 x the mean item weight (a multi-valued field).")
  boolean recentItems;

  @Override
  public Integer call() {
    if (days <= 0) {
      throw new IllegalArgumentException("Cannot run generate: --days " + days + " must be positive");
    }
    GenerateJob.run(session(), new GenerateJob.Params(PlantedShape.named(shape), rows, days, seed, out, overwrite, recentItems));
    return ExitCodes.OK;
  }
}
