package io.sparkctr.jobs.cli.commands;

import java.util.Locale;

/** What {@code sparkctr export --format} writes. */
public enum ExportFormat {
  /** A serving copy of the bundle (DL4J graph and the project's tables), for the project's scorer. */
  BUNDLE,
  /** An ONNX model (opset 17) with the manifest and golden vectors, for any inference engine. */
  ONNX;

  /** picocli's reader: {@code bundle} or {@code onnx}, any case. */
  static ExportFormat parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read --format '" + s + "': not one of bundle, onnx");
    }
  }
}
