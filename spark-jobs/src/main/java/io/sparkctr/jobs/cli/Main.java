package io.sparkctr.jobs.cli;

import io.sparkctr.jobs.DemoJob;
import io.sparkctr.jobs.EvaluateJob;
import io.sparkctr.jobs.FeatureJob;
import io.sparkctr.jobs.GenerateJob;
import io.sparkctr.jobs.NightlyJob;
import io.sparkctr.jobs.nightly.NightlyResult;
import io.sparkctr.jobs.ScoreJob;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.jobs.bench.FeatureBenchmark;
import io.sparkctr.jobs.bench.ModelBenchmark;
import io.sparkctr.jobs.bench.TrainBenchmark;
import io.sparkctr.features.config.FeatureConfig;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of every job: {@code sparkctr <command> [--key value ...]}. Parses and validates
 * the arguments before a Spark session exists, then calls the job's {@code run(spark, params)}.
 * Exit codes: 0 success, 2 bad usage, config or input, 3 candidate rejected by the nightly gate,
 * 1 any other failure.
 */
public final class Main {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_BAD_INPUT = 2;
  /** nightly: the gate rejected the candidate; the published model is unchanged. */
  public static final int EXIT_REJECTED = 3;

  /** Every command {@link #run} accepts. */
  public static final List<String> COMMANDS = List.of("demo", "generate", "features", "train", "evaluate", "score",
      "nightly", "bench-features", "bench-train", "bench-models");

  private static final String USAGE = String.join("\n",
      "usage: sparkctr <command> [--key value ...]",
      "  demo              [--workdir DIR] [--rows N] [--days D] [--seed S] [--conf FILE]",
      "  generate          --out PATH [--rows N] [--days D] [--seed S] [--overwrite]",
      "  features          --conf FILE [--input PATH] [--output DIR]",
      "  train             --conf FILE --features DIR --model-out DIR [--resume] [--overwrite] [--checkpoints DIR]",
      "  evaluate          --model DIR (--features DIR [--split test|validation] | --logs PATH) --report-out DIR"
          + " [--baseline-model DIR] [--conf FILE] [--overwrite]",
      "  score             --model DIR --input PATH --output DIR [--overwrite] [--max-bad-fraction F]",
      "  nightly           --conf FILE --date YYYY-MM-DD",
      "  bench-features    --input PATH --conf FILE [--repeat N]",
      "  bench-train       --conf FILE --features DIR --workdir DIR [--masters a,b] [--single-jvm]",
      "  bench-models      [--types lr,fm,wide-deep,deepfm] [--batches 1024,4096] [--bits 18,20,22] [--seconds S]");

  private Main() {}

  /**
   * Runs the command and exits with its code. In cluster deploy mode a success, and a nightly
   * rejection (its decision is in the registry's {@code result.json}), return normally instead:
   * YARN's ApplicationMaster reports SUCCEEDED only when {@code main} returns, and a
   * {@code System.exit} reaches its shutdown hook first ("Shutdown hook called before final status
   * was reported", the run shown as FAILED and retried).
   */
  public static void main(String[] argv) {
    int code = run(argv);
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    if ((code == EXIT_OK || code == EXIT_REJECTED) && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      return;
    }
    System.exit(code);
  }

  /** Runs one command in this JVM and returns its exit code (what {@link #main} exits with). */
  public static int run(String[] argv) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
      System.out.println(USAGE);
      return argv.length == 0 ? EXIT_BAD_INPUT : EXIT_OK;
    }
    String command = argv[0];
    List<String> args = Arrays.asList(argv).subList(1, argv.length);
    try {
      switch (command) {
        case "demo" -> {
          DemoJob.Params p = DemoJob.parse(args);
          System.out.println(DemoJob.run(session(command), p).table());
        }
        case "generate" -> {
          GenerateJob.Params p = GenerateJob.parse(args);
          GenerateJob.run(session(command), p);
        }
        case "features" -> {
          FeatureConfig cfg = FeatureJob.parse(args);
          FeatureJob.run(session(command), cfg);
        }
        case "train" -> {
          TrainJob.Params p = TrainJob.parse(args);
          TrainJob.Result r = TrainJob.run(session(command), p);
          System.out.printf("sparkctr train: published %s (epoch %d kept, validation AUC %.4f, logloss %.4f)%n",
              p.modelOut(), r.training().state().bestEpoch(), r.training().validation().auc(),
              r.training().validation().logloss());
        }
        case "evaluate" -> {
          EvaluateJob.Params p = EvaluateJob.parse(args);
          EvaluateJob.Result r = EvaluateJob.run(session(command), p);
          System.out.printf("sparkctr evaluate: AUC %.4f, logloss %.4f on %s; report %s/%s%n",
              r.models().get(0).metrics().auc(), r.models().get(0).metrics().logloss(),
              p.logs() != null ? p.logs() : p.split().dirName(), p.reportOut(), EvaluateJob.REPORT);
        }
        case "score" -> {
          ScoreJob.Params p = ScoreJob.parse(args);
          ScoreJob.Result r = ScoreJob.run(session(command), p);
          System.out.printf("sparkctr score: %,d rows read, %,d scored, %,d quarantined; %s/%s%n", r.read(), r.scored(),
              r.quarantined(), p.output(), ScoreJob.SCORES);
        }
        case "nightly" -> {
          NightlyJob.Params p = NightlyJob.parse(args);
          var r = NightlyJob.run(session(command), p);
          System.out.printf("sparkctr nightly %s: %s%s%n", r.date(), r.published() ? "published" : "rejected",
              r.reasons().isEmpty() ? "" : " " + r.reasons());
          return exitCode(r);
        }
        case "bench-features" -> {
          FeatureBenchmark.Params p = FeatureBenchmark.parse(args);
          System.out.println(FeatureBenchmark.run(session(command), p).toMarkdown());
        }
        case "bench-train" -> System.out.println(TrainBenchmark.run(session(command), TrainBenchmark.parse(args)));
        case "bench-models" -> System.out.println(ModelBenchmark.run(ModelBenchmark.parse(args)));
        default -> {
          System.err.println("Unknown command '" + command + "'\n" + USAGE);
          return EXIT_BAD_INPUT;
        }
      }
      return EXIT_OK;
    } catch (Exception e) { // Spark's SparkException is checked and thrown undeclared
      Failures.Outcome o = Failures.classify(command, e);
      if (o.withTrace()) {
        e.printStackTrace(System.err);
      }
      System.err.println(o.message());
      return o.exitCode();
    }
  }

  /** nightly: {@value #EXIT_OK} when the candidate was published, {@value #EXIT_REJECTED} when the gate rejected it. */
  public static int exitCode(NightlyResult r) {
    return r.published() ? EXIT_OK : EXIT_REJECTED;
  }

  private static SparkSession session(String command) {
    return SparkSessions.create(command);
  }
}
