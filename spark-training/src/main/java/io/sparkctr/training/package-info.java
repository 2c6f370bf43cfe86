/**
 * Training on Spark executors: {@link io.sparkctr.training.BundleTrainer} (features to a model
 * bundle), {@link io.sparkctr.training.DistributedTrainer} and its run, the training masters,
 * minibatches, checkpoints and training state, bundles on any Hadoop file system; where the tables
 * live while a run trains is {@code tables/}'s {@code TablePlacement}.
 *
 * <p><b>Where this module's tests are.</b> Its unit and {@code integration} tests (Spark in
 * {@code local[*]}: one JVM) are in this module. The tests that need real executor JVMs
 * ({@code @Tag("local-cluster")}, {@code LocalCluster*Test}: the trainer with replicated and sharded
 * tables, gradient sharing across JVMs, a lost executor, a large table) stay in spark-jobs, for two
 * reasons:
 * <ul>
 *   <li>Spark's {@code local-cluster} master starts executors from a {@code SPARK_HOME} whose
 *       {@code jars/} holds the whole runtime classpath, and gives them the test's classes through
 *       {@code spark.executor.extraClassPath}. spark-jobs builds that Spark home from its test scope
 *       ({@code maven-dependency-plugin}'s {@code spark-home} execution, ~400 MB of jars) and runs
 *       these tests in their own Surefire execution ({@code local-cluster}: one JVM per class,
 *       {@code SPARK_HOME} and {@code SPARK_SCALA_VERSION} set). Doing the same here would copy the
 *       runtime classpath a second time in every build and add a second slow forked execution.</li>
 *   <li>Six of the seven drive whole runs as the command line does ({@code TrainJob.run} on features
 *       made by spark-jobs' test helper {@code PlantedFeatures}): they test this module's trainer
 *       through the job that publishes its bundle, which lives in spark-jobs.</li>
 * </ul>
 * The gradient-sharing ones keep this module's package name ({@code io.sparkctr.training.sharing}).
 */
package io.sparkctr.training;
