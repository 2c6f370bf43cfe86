package io.sparkctr.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one indenting JSON mapper of the jobs' outputs (metrics, summaries, checkpoint state, results). */
public final class Json {
  public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}
}
