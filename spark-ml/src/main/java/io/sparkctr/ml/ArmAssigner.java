package io.sparkctr.ml;

import io.sparkctr.features.arms.Arm;
import io.sparkctr.features.arms.ArmSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The A/B arm of each row, as {@code sparkctr score --arm ... --unit ... --salt ...} assigns it: a stable, salted
 * murmur3 split of the unit column ({@link ArmSplit}: the same unit gets the same arm every day, in any process).
 * Appends {@code armCol} (string; null where the unit is null). One model per arm scores its rows:
 * <pre>
 *   Dataset&lt;Row&gt; assigned = new ArmAssigner().setUnitCol("user_id").setArms("control=0.5", "treatment=0.5")
 *       .setSalt("test-42").transform(logs);
 *   Dataset&lt;Row&gt; scored = control.transform(assigned.filter("arm = 'control'"))
 *       .unionByName(treatment.transform(assigned.filter("arm = 'treatment'")));
 * </pre>
 * Saved and loaded as any MLlib stage (its params only).
 */
public final class ArmAssigner extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Param<String> unitCol;
  private final Param<String> armCol;
  private final StringArrayParam arms;
  private final Param<String> salt;

  public ArmAssigner() {
    this(Identifiable$.MODULE$.randomUID("armAssigner"));
  }

  public ArmAssigner(String uid) {
    this.uid = uid;
    unitCol = new Param<>(this, "unitCol", "the unit column (e.g. user_id), read as a string",
        Valid.<String>of(s -> !s.isEmpty()));
    armCol = new Param<>(this, "armCol", "output column of the arm name", Valid.<String>of(s -> !s.isEmpty()));
    arms = new StringArrayParam(this, "arms", "the arms as NAME=FRACTION, in order; fractions sum to 1");
    salt = new Param<>(this, "salt", "the salt of the split; each test its own", Valid.<String>of(s -> true));
    setDefault(armCol, "arm");
    setDefault(salt, "sparkctr");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> unitCol() { return unitCol; }
  public Param<String> armCol() { return armCol; }
  public StringArrayParam arms() { return arms; }
  public Param<String> salt() { return salt; }

  public ArmAssigner setUnitCol(String v) { set(unitCol, v); return this; }
  public ArmAssigner setArmCol(String v) { set(armCol, v); return this; }
  /** @throws IllegalArgumentException when the arms do not make a split (checked here, not at transform) */
  public ArmAssigner setArms(String... v) { set(arms, v); split(); return this; }
  public ArmAssigner setSalt(String v) { set(salt, v); return this; }

  /** The split of the params. */
  public ArmSplit split() {
    if (!isDefined(arms)) {
      throw new IllegalArgumentException("Cannot assign arms: setArms was not called");
    }
    List<Arm> list = new ArrayList<>();
    Arrays.stream(getOrDefault(arms)).forEach(a -> list.add(Arm.parse(a)));
    return new ArmSplit(list, getOrDefault(salt));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    split();
    if (!isDefined(unitCol) || !Arrays.asList(schema.fieldNames()).contains(getOrDefault(unitCol))) {
      throw new IllegalArgumentException("Cannot assign arms: unit column " + (isDefined(unitCol)
          ? "'" + getOrDefault(unitCol) + "' is not in " + Arrays.toString(schema.fieldNames()) : "not set"));
    }
    if (Arrays.asList(schema.fieldNames()).contains(getOrDefault(armCol))) {
      throw new IllegalArgumentException("Cannot assign arms: the input has a column '" + getOrDefault(armCol)
          + "' already");
    }
    return schema.add(getOrDefault(armCol), DataTypes.StringType, true);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> data) {
    transformSchema(data.schema());
    ArmSplit s = split();
    UserDefinedFunction assign = functions.udf((UDF1<String, String>) u -> u == null ? null : s.assign(u),
        DataTypes.StringType);
    return data.withColumn(getOrDefault(armCol), assign.apply(functions.col(getOrDefault(unitCol)).cast("string")));
  }

  @Override
  public ArmAssigner copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<ArmAssigner> read() {
    return new DefaultParamsReader<>();
  }

  public static ArmAssigner load(String path) {
    return read().load(path);
  }
}
