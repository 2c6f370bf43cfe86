package io.sparkctr.common.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON mappers of the project, configured in one place: every file, message and page that
 * sparkctr writes or reads as JSON goes through one of these.
 */
public final class Json {
  /** Indented: job outputs meant to be read by people (metrics, summaries, checkpoint state, results, bundles). */
  public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** One line: values embedded elsewhere (a spec to compare, a master's settings, a report's chart data). */
  public static final ObjectMapper COMPACT = new ObjectMapper();
  /**
   * Indented with map keys sorted, and strict on read (an unknown property is an error): contracts
   * between runs whose text must not depend on map order, such as the feature manifest.
   */
  public static final ObjectMapper CONTRACT = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}
}
