package io.sparkctr.jobs;

import io.sparkctr.features.arms.Arm;
import io.sparkctr.features.arms.ArmSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * The arms of {@code score --arm NAME=MODEL:FRACTION ... --unit FIELD [--salt S]}: a model per arm and the stable
 * split of units between them ({@link ArmSplit}). Each row is scored by the model of its unit's arm.
 *
 * @param split the arms, in the order given, and the salt
 * @param models the model bundle of each arm, in the same order
 * @param unitField the raw field holding the unit: the id, the group or a categorical field of every arm's manifest
 */
public record ScoreArms(ArmSplit split, List<String> models, String unitField) {
  /** The salt when none is given; give each test its own so that tests' splits are independent. */
  public static final String DEFAULT_SALT = "sparkctr";

  public ScoreArms {
    models = List.copyOf(models);
    if (models.size() != split.arms().size()) {
      throw new IllegalArgumentException("Cannot score arms: " + models.size() + " models for arms " + split.names());
    }
    if (unitField == null || unitField.isEmpty()) {
      throw new IllegalArgumentException("Cannot score arms: no --unit field");
    }
  }

  /**
   * Parses {@code NAME=MODEL:FRACTION} specs (the model path may itself hold colons: the fraction follows the last).
   *
   * @throws IllegalArgumentException "Cannot parse arm ...: ..." naming the spec
   */
  public static ScoreArms parse(List<String> specs, String unitField, String salt) {
    List<Arm> arms = new ArrayList<>();
    List<String> models = new ArrayList<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      int colon = spec.lastIndexOf(':');
      if (eq <= 0 || colon <= eq + 1 || colon == spec.length() - 1) {
        throw new IllegalArgumentException("Cannot parse arm '" + spec + "': expected NAME=MODEL:FRACTION");
      }
      arms.add(new Arm(spec.substring(0, eq), Arm.fraction(spec.substring(colon + 1), spec)));
      models.add(spec.substring(eq + 1, colon));
    }
    return new ScoreArms(new ArmSplit(arms, salt == null ? DEFAULT_SALT : salt), models, unitField);
  }
}
