package io.sparkctr.models.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.sparkctr.common.json.Json;
import java.io.IOException;

/**
 * The mapper of metric files ({@code metrics.json}, nightly {@code result.json}): {@link Json#PRETTY}
 * with every NaN or infinite double written as JSON null (a metric's reason is beside it, in
 * {@code undefined}), and null read back as NaN, so numbers stay numbers for any JSON reader.
 */
public final class MetricsJson {
  public static final ObjectMapper MAPPER = Json.PRETTY.copy().registerModule(module());
  /** One line, for data embedded in a page. */
  public static final ObjectMapper COMPACT = Json.COMPACT.copy().registerModule(module());

  private MetricsJson() {}

  private static SimpleModule module() {
    JsonSerializer<Double> nanAsNull = new JsonSerializer<>() {
      @Override
      public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
        if (v == null || !Double.isFinite(v)) {
          g.writeNull();
        } else {
          g.writeNumber(v);
        }
      }
    };
    JsonDeserializer<Double> nullAsNan = new JsonDeserializer<>() {
      @Override
      public Double deserialize(JsonParser p, DeserializationContext c) throws IOException {
        return p.getValueAsDouble();
      }

      @Override
      public Double getNullValue(DeserializationContext c) {
        return Double.NaN;
      }
    };
    return new SimpleModule("sparkctr-metrics")
        .addSerializer(Double.class, nanAsNull).addSerializer(Double.TYPE, nanAsNull)
        .addDeserializer(Double.class, nullAsNan).addDeserializer(Double.TYPE, nullAsNan);
  }
}
