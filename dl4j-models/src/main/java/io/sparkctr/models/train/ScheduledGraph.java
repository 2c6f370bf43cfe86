package io.sparkctr.models.train;

import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.layers.TableBinding;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a run's schedule stands ({@link TrainState}), and the one place its learning rate reaches a
 * graph: after each epoch the next epoch's rate goes to the dense part and, scaled by the same
 * factor (rate / the spec's rate), to the graph's tables, each of which multiplies its configured
 * rate by it. Shared by {@link LocalTrainer} and the Spark trainer; a new run also starts here (the
 * seeded graph at the spec's rate).
 */
public final class ScheduledGraph {
  private final TrainSchedule schedule;
  private final double specRate;
  private final ComputationGraph initial;
  private TrainState state;

  private ScheduledGraph(ModelSpec spec, TrainSchedule schedule, ComputationGraph initial, TrainState state) {
    this.schedule = schedule;
    this.specRate = spec.learningRate();
    this.initial = initial;
    this.state = state;
  }

  /**
   * A new run: Nd4j seeded with the spec's seed, its graph built (with tables, each at its configured
   * rate), the state before the first epoch at the spec's rate.
   *
   * @param specJson the spec as checkpoints record it ({@link TrainState#specJson}), or ""
   * @param deferredTables leave the tables' rows unallocated ({@code CtrGraphBuilder.build})
   */
  public static ScheduledGraph start(ModelSpec spec, TrainSchedule schedule, String specJson,
                                     boolean deferredTables) {
    Nd4j.getRandom().setSeed(spec.seed());
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.FLOAT, deferredTables);
    return new ScheduledGraph(spec, schedule, net, TrainState.start(spec.learningRate(), specJson));
  }

  /**
   * A resumed run: {@code net} (a checkpoint's, its tables bound) continues from {@code state}, at its
   * rate (set here on the dense part and the tables).
   */
  public static ScheduledGraph resume(ModelSpec spec, TrainSchedule schedule, TrainState state, ComputationGraph net) {
    ScheduledGraph g = new ScheduledGraph(spec, schedule, net, state);
    g.applyRate(net);
    return g;
  }

  /** The graph {@link #start} built or {@link #resume} was given. */
  public ComputationGraph graph() {
    return initial;
  }

  public TrainState state() {
    return state;
  }

  /**
   * After an epoch of {@code net} with these statistics: the state advances ({@link TrainState#after})
   * and the next epoch's rate goes to {@code net}'s dense part and tables.
   */
  public TrainState after(EpochStats s, ComputationGraph net) {
    state = state.after(s, schedule);
    applyRate(net);
    return state;
  }

  /** Early stopping undone ({@link TrainState#continued}): a resumed run given more epochs. */
  public void continued() {
    state = state.continued();
  }

  private void applyRate(ComputationGraph net) {
    net.setLearningRate(state.learningRate());
    TableBinding.tablesOf(net).setLearningRateScale(state.learningRate() / specRate);
  }
}
