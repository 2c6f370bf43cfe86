package io.sparkctr.features.manifest;

import io.sparkctr.features.config.InputFormat;
import io.sparkctr.features.config.InputSpec;
import io.sparkctr.features.config.MultiValuedSpec;
import io.sparkctr.features.config.Pooling;
import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.config.TimestampSpec;
import java.util.List;
import java.util.Optional;

/**
 * The raw-input reading that a manifest records, rebuilt as the feature job's typed specs, so logs
 * read for scoring are parsed exactly as the training logs were: same format, delimiter, missing
 * tokens and column roles. Headerless text reuses the training column names.
 */
public final class ManifestInput {
  private ManifestInput() {}

  public static InputSpec input(FeatureManifest m, String path) {
    FeatureManifest.RawInput r = m.rawInput();
    InputFormat format = InputFormat.parse(r.format(), InputSpec.FORMAT);
    boolean header = format.isText() && r.header();
    return new InputSpec(path, format, header, r.delimiter(),
        header || !format.isText() ? List.of() : r.columns(), r.missingValues(),
        format.isText() && r.quote() != null ? r.quote() : "", format.isText() && r.multiline());
  }

  public static SchemaSpec schema(FeatureManifest m) {
    FeatureManifest.Fields f = m.fields();
    List<MultiValuedSpec> multi = m.multiValued().stream().map(mv -> new MultiValuedSpec(mv.name(), mv.separator(),
        mv.maxLength(), Pooling.parse(mv.pooling(), "manifest multiValued " + mv.name()),
        mv.weights() == null ? "" : mv.weights(), MultiValuedSpec.Sequence.parse(mv.sequence(),
        "manifest multiValued " + mv.name()))).toList();
    return new SchemaSpec(f.label(), Optional.ofNullable(f.id()), Optional.ofNullable(f.group()), f.categorical(),
        f.numeric(), new TimestampSpec(f.timestampField() == null ? "" : f.timestampField(), f.timestampFormat(),
        f.timestampZone(), f.fileDayPattern()), multi);
  }
}
