package io.sparkctr.jobs.cli.commands;

import io.sparkctr.features.arms.Arm;
import io.sparkctr.features.arms.ArmSplit;
import io.sparkctr.features.synthetic.PlantedAbTest;
import io.sparkctr.features.synthetic.PlantedShape;
import java.util.ArrayList;
import java.util.List;
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
      description = "What to generate: demo (8 fields, the demo's logs), abtest (the impression logs of a planted "
          + "A/B test: id, label, timestamp, user_id, arm[, gmv]; see --units and --arm) or realistic (a Criteo-like log: 26 fields "
          + "of 8 to 200,000 Zipf-skewed values, 13 numerics, sparse interactions, 100,000 users; "
          + "conf/presets/planted-realistic.conf reads it) (default: ${DEFAULT-VALUE}).")
  String shape;

  @Option(names = "--overwrite", description = "Replace an existing output (atomically) instead of failing.")
  boolean overwrite;

  @Option(names = "--recent-items", description = "Add a recent_items column: each user's recently clicked items "
      + "(space-separated, oldest first), whose true-logit term is 1.5 x the mean item weight (a multi-valued field).")
  boolean recentItems;

  @Option(names = "--units", paramLabel = "N", defaultValue = "20000", converter = Counts.class,
      description = "--shape abtest: units (users u0 ..), each with its own click rate (default: ${DEFAULT-VALUE}).")
  long units;

  @Option(names = "--arm", paramLabel = "NAME=FRACTION[:LIFT]", description = "--shape abtest, repeatable: an arm, "
      + "its share of units and its planted relative lift in click probability (default: control=0.5, "
      + "treatment=0.5:0.03; the first arm is the control).")
  List<String> arms;

  @Option(names = "--salt", paramLabel = "S", defaultValue = "sparkctr",
      description = "--shape abtest: the salt of the arm split, as score --salt (default: ${DEFAULT-VALUE}).")
  String salt;

  @Option(names = "--value-per-click", paramLabel = "V", defaultValue = "0",
      description = "--shape abtest: mean value (gmv column) of a click; 0 = no value column (default: ${DEFAULT-VALUE}).")
  double valuePerClick;

  @Option(names = "--srm-drift", paramLabel = "F", defaultValue = "0", description = "--shape abtest: fraction of all "
      + "units moved from the last arm to the first, a sample-ratio mismatch (default: ${DEFAULT-VALUE}).")
  double srmDrift;

  @Override
  public Integer call() {
    if (days <= 0) {
      throw new IllegalArgumentException("Cannot run generate: --days " + days + " must be positive");
    }
    if ("abtest".equalsIgnoreCase(shape)) {
      long rows = GenerateJob.runAbTest(session(), abTest(), out, overwrite);
      out().printf("sparkctr generate: %,d impressions of %,d units over %d days; %s%n", rows, units, days, out);
      return ExitCodes.OK;
    }
    GenerateJob.run(session(), new GenerateJob.Params(PlantedShape.named(shape), rows, days, seed, out, overwrite, recentItems));
    return ExitCodes.OK;
  }

  /** The planted A/B test of the options: arms NAME=FRACTION[:LIFT], 5% mean CTR, Beta(1, 19) across units. */
  PlantedAbTest abTest() {
    List<String> specs = arms == null || arms.isEmpty() ? List.of("control=0.5", "treatment=0.5:0.03") : arms;
    List<Arm> list = new ArrayList<>();
    double[] lift = new double[specs.size()];
    for (int i = 0; i < lift.length; i++) {
      String spec = specs.get(i);
      int colon = spec.indexOf(':');
      list.add(Arm.parse(colon < 0 ? spec : spec.substring(0, colon)));
      lift[i] = colon < 0 ? 0 : Arm.fraction(spec.substring(colon + 1), spec);
    }
    return new PlantedAbTest(new ArmSplit(list, salt), lift,
        new PlantedAbTest.Settings(units, days, seed, 0.05, 20, 2, valuePerClick, srmDrift));
  }
}
