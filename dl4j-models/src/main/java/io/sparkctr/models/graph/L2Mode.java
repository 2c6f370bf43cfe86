package io.sparkctr.models.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.layers.BaseLayer;

/**
 * How the dense part's L2 ({@code wide-l2}, {@code deep-l2}, {@code cross-l2}) acts on its weights at each
 * step of the dense updater, with r the updater's learning rate at that step (the schedule's cuts included).
 * For plain SGD both modes are the same update; for adam and adagrad they differ.
 */
public enum L2Mode {
  /**
   * Decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019; AdamW's):
   * after the updater's step, {@code w -= r * l2 * w}, so every weight shrinks by the same fraction r × l2 per
   * step whatever its gradient, as the embedding tables' {@code decay} does. DL4J's {@code weightDecay(l2, true)}.
   */
  DECOUPLED,
  /**
   * L2 in the gradient: {@code l2 * w} joins the data gradient before the updater (DL4J's {@code l2(l2)}).
   * Adam and AdaGrad divide it by the weight's gradient scale, so a weight whose data gradient is small against
   * l2 × w moves toward zero by about r per step whatever l2 is; the mode of specs written before this one.
   */
  COUPLED;

  /** {@code decoupled} or {@code coupled}, any case; an error naming the choices otherwise. */
  public static L2Mode parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read l2 mode '" + s + "': not one of " + configNames(), e);
    }
  }

  /** Every mode as configs spell it: {@code [decoupled, coupled]}. */
  public static List<String> configNames() {
    return Arrays.stream(values()).map(L2Mode::configName).toList();
  }

  /** This mode as configs spell it, e.g. {@code decoupled}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Puts L2 {@code l2} on {@code layer}'s weights (not its bias) in this mode; nothing when {@code l2} is 0. */
  public <B extends BaseLayer.Builder<B>> B apply(B layer, double l2) {
    if (l2 == 0) {
      return layer;
    }
    if (this == COUPLED) {
      return layer.l2(l2);
    }
    layer.weightDecay(l2, true); // DL4J's builder returns its raw type here
    return layer;
  }

  /**
   * Jackson's filter of {@link ModelSpec#l2Mode()} ({@code @JsonInclude(CUSTOM)}): "equal" to
   * {@link #COUPLED} (the reading of a spec without it) means left out of the JSON.
   */
  public static final class OmitCoupled {
    @Override
    public boolean equals(Object value) {
      return value == null || value == COUPLED;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
