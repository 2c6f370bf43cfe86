package io.sparkctr.models.tables;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Which sparse optimizer updates a table, and its settings. Names and semantics:
 * <ul>
 *   <li>{@code adam}: lazy Adam (TensorFlow Addons' LazyAdam): only touched rows' moments move,
 *       bias correction by the table's global step; β1 0.9, β2 0.999, ε 1e-8; mean-loss gradient.
 *       3k floats of state per row.</li>
 *   <li>{@code adagrad}: exact row-wise AdaGrad (FBGEMM's EXACT_ROWWISE_ADAGRAD): one accumulator
 *       per row, G += mean over the row of g², w −= lr·g / (√G + ε), ε 1e-8; mean-loss gradient.
 *       One float of state per row, k× less than Adam.</li>
 *   <li>{@code ftrl}: FTRL-Proximal per coordinate (McMahan et al. 2013, Algorithm 1) with
 *       α = learning rate, β = 1, λ1 = l1, λ2 = l2 on the per-example (summed) loss as in the
 *       paper, so L1 gives true zeros. Weights start at 0. 2k floats of state per row.</li>
 *   <li>{@code sgd}: w −= lr·g on the mean-loss gradient; no state.</li>
 * </ul>
 * For adam, adagrad and sgd, l2 adds λ2·w and l1 adds λ1·sign(w) to the gradient of the mean loss
 * of touched rows only (the rows a minibatch looked up), as CTR frameworks do.
 *
 * <p>{@code decay} and {@code shrink} reach every row at every step, touched or not
 * ({@link RowRegularization}): with r the learning rate times the schedule's scale, each step first
 * maps w to {@code (1 − r·decay)·w} (decoupled weight decay, AdamW's) and then shrinks it toward zero
 * by {@code r·shrink} (L1-proximal; zero stays zero), and only then applies the optimizer's update to
 * the rows the step touched. They cost nothing per untouched row: a row's pending steps are applied in
 * closed form when it is next touched, read, or the table is flushed. Not for ftrl (its λ2 acts in
 * closed form already). Both are 0 by default and then omitted from JSON (specs written before them
 * read unchanged).
 *
 * @param name adam, adagrad, ftrl or sgd
 * @param learningRate the rate (α for ftrl)
 * @param l1 L1 strength on touched rows (see above)
 * @param l2 L2 strength on touched rows (see above)
 * <p>{@code adaptive}: r is also multiplied by the row's own adaptive rate (AdaGrad's 1/√G, Adam's
 * 1/mean √v; 1 for sgd and for a row never stepped, whose state is 0), so rows seen rarely (small accumulators) are regularized much more than rows
 * seen often — the effect of DL4J's L2 through Adam on every row, which kept rare rows from
 * memorising before the tables left DL4J — with r·decay capped at 1.
 *
 * @param decay decoupled weight decay of every row per step, relative to the rate: r·decay &lt; 1
 *     (adaptive: capped at 1)
 * @param shrink L1-proximal shrink of every row per step, relative to the rate
 * @param adaptive scale decay and shrink by each row's own adaptive rate
 */
public record TableOptimizer(String name, double learningRate, double l1, double l2,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) double decay,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) double shrink,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean adaptive) implements Serializable {
  public static final List<String> NAMES = Kind.configNames();

  /** The algorithms, as {@code name} spells them (see above). */
  public enum Kind {
    ADAM, ADAGRAD, FTRL, SGD;

    /** {@code name} (any case): "Cannot use table optimizer: 'x' is not one of [adam, adagrad, ftrl, sgd]". */
    public static Kind parse(String name) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      return java.util.Arrays.stream(values()).filter(k -> k.configName().equals(n)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("Cannot use table optimizer: '" + name + "' is not one of "
              + configNames()));
    }

    /** Every algorithm as configs spell it: {@code [adam, adagrad, ftrl, sgd]}. */
    public static List<String> configNames() {
      return java.util.Arrays.stream(values()).map(Kind::configName).toList();
    }

    /** As configs and spec.json spell it. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Without regularization of untouched rows. */
  public TableOptimizer(String name, double learningRate, double l1, double l2) {
    this(name, learningRate, l1, l2, 0, 0, false);
  }

  /** Regularizing every row at the table's rate (not adaptive). */
  public TableOptimizer(String name, double learningRate, double l1, double l2, double decay, double shrink) {
    this(name, learningRate, l1, l2, decay, shrink, false);
  }

  @JsonCreator
  public TableOptimizer {
    name = Kind.parse(name).configName();
    if (!(learningRate > 0 && learningRate <= 10) || !(l1 >= 0) || !(l2 >= 0) || !Double.isFinite(l1 + l2)) {
      throw new IllegalArgumentException("Cannot use table optimizer " + name + ": learning rate " + learningRate
          + " must be in (0, 10], l1 " + l1 + " and l2 " + l2 + " finite and >= 0");
    }
    if (!(decay >= 0) || !(shrink >= 0) || !Double.isFinite(decay + shrink) || !(adaptive || learningRate * decay < 1)) {
      throw new IllegalArgumentException("Cannot use table optimizer " + name + ": decay " + decay + " and shrink "
          + shrink + " must be finite and >= 0, and learning rate × decay (" + learningRate * decay + ") below 1");
    }
    if (name.equals(Kind.FTRL.configName()) && decay + shrink > 0) {
      throw new IllegalArgumentException("Cannot use table optimizer ftrl with decay " + decay + " or shrink " + shrink
          + ": FTRL recomputes each weight from its accumulators; use its l1 and l2, which act in closed form");
    }
  }

  /** This optimizer with regularization of every row ({@code decay}, {@code shrink}, {@code adaptive}). */
  public TableOptimizer withEveryRow(double decay, double shrink, boolean adaptive) {
    return new TableOptimizer(name, learningRate, l1, l2, decay, shrink, adaptive);
  }

  /**
   * The wide / first-order table's default: FTRL α 0.05 — the Wide&amp;Deep paper's optimizer for
   * the wide part; per-coordinate rates suit features seen from once to millions of times, and
   * L1 (when set) gives exact zeros for a sparse served model.
   */
  public static TableOptimizer linearDefault() {
    return new TableOptimizer("ftrl", 0.05, 0, 0);
  }

  /**
   * The k-dim embedding table's default: lazy Adam at 0.002 with adaptive decay 1e-3 of every row
   * (rows seen rarely decay toward zero between visits, rows seen often barely). On the planted
   * realistic shape (bench-quality, 300,000 rows, 4 epochs, docs/design/model-quality.md) DeepFM's
   * validation AUC went 0.8102, 0.8174, 0.8260, 0.8264 (test 0.8300) against row-wise AdaGrad 0.01
   * with the same decay 0.8164, 0.8203, 0.8188, 0.8127 (test 0.8223) and LR's test 0.8187;
   * touched-row regularization alone peaks after epoch 1 and falls. AdaGrad keeps 1 float of
   * state per row instead of 2k.
   */
  public static TableOptimizer embeddingDefault() {
    return new TableOptimizer("adam", 0.002, 0, 0, 1e-3, 0, true);
  }

  /** The algorithm {@code name} names (spec.json and the table files keep the name). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public Kind kind() {
    return Kind.parse(name);
  }

  RowOptimizer create() {
    return switch (kind()) {
      case ADAM -> new LazyAdam(learningRate, l1, l2);
      case ADAGRAD -> new RowWiseAdaGrad(learningRate, l1, l2);
      case FTRL -> new FtrlProximal(learningRate, l1, l2);
      case SGD -> new SparseSgd(learningRate, l1, l2);
    };
  }
}
