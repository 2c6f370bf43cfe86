package io.sparkctr.models.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.io.Serializable;

/**
 * The cross network of DCN-v2 (Wang et al., "DCN V2", WWW 2021): over x0, the concatenated field
 * vectors and dense values (width W), each of {@code layers} layers maps
 * <pre>
 *   x_{l+1} = x0 ⊙ (W_l x_l + b_l) + x_l
 * </pre>
 * with W_l a full W×W matrix ({@code rank} 0) or the low-rank product U_l V_l^T of two W×rank
 * matrices ({@code rank} &gt; 0: 2·W·rank weights instead of W², the paper's low-rank form without
 * its mixture of experts). {@code stacked}: the MLP reads x_L; {@code parallel}: the MLP reads x0 and
 * x_L is projected to a logit of its own. Only model type {@code dcn-v2} has one
 * ({@link ModelType#hasCross()}); see {@link CrossGraph} for the graph.
 *
 * <p>Config keys of {@code sparkctr.model}: {@code cross-layers}, {@code cross-rank}, {@code structure},
 * {@code cross-l2}. A spec's JSON omits the whole object when it equals {@link #DEFAULT}, so specs
 * written before DCN-v2 (and every other model type's) read and write unchanged.
 *
 * @param layers cross layers L, in [1, {@value #MAX_LAYERS}]
 * @param rank 0: full-rank W_l; k &gt; 0: W_l = U_l V_l^T of rank k
 * @param structure stacked before the MLP or parallel to it
 * @param l2 DL4J L2 on the cross weights (W_l, or U_l and V_l; not the biases), as {@code deep-l2} on the MLP
 */
public record CrossNetwork(int layers, int rank, CrossStructure structure, double l2) implements Serializable {
  /** The most cross layers accepted (each layer raises the highest degree of the crosses by one). */
  public static final int MAX_LAYERS = 64;
  /** {@code conf/defaults.conf}'s: 3 layers of rank 32 stacked before the MLP, no L2. */
  public static final CrossNetwork DEFAULT = new CrossNetwork(3, 32, CrossStructure.STACKED, 0);

  @JsonCreator
  public CrossNetwork {
    require(layers >= 1 && layers <= MAX_LAYERS, "cross-layers " + layers + " must be in [1, " + MAX_LAYERS + "]");
    require(rank >= 0, "cross-rank " + rank + " must be >= 0 (0 = full rank)");
    require(structure != null, "structure must be one of " + CrossStructure.configNames());
    require(l2 >= 0 && Double.isFinite(l2), "cross-l2 " + l2 + " must be finite and >= 0");
  }

  /** Whether the layers' weights have the shape of {@code o}'s (same layers, rank and structure; L2 may differ). */
  public boolean sameShape(CrossNetwork o) {
    return layers == o.layers && rank == o.rank && structure == o.structure;
  }

  /** Dense parameters over an input of width {@code width}, with the parallel structure's output weights (no bias). */
  public long parameters(long width) {
    long perLayer = rank == 0 ? width * width + width : 2 * width * rank + width;
    return layers * perLayer + (structure == CrossStructure.PARALLEL ? width : 0);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot build cross network: " + message);
    }
  }

  /**
   * Jackson's filter of the {@code cross} property ({@code @JsonInclude(CUSTOM)}): "equal" to the
   * default means left out of the JSON.
   */
  public static final class OmitDefault {
    @Override
    public boolean equals(Object value) {
      return value == null || DEFAULT.equals(value);
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
