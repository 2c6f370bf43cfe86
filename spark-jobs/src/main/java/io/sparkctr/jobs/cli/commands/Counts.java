package io.sparkctr.jobs.cli.commands;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A count option: a non-negative integer, with optional {@code _} separators ({@code 1_000_000}). */
public final class Counts implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      long v = Long.parseLong(value.replace("_", ""));
      if (v < 0) {
        throw new TypeConversionException("'" + value + "' is negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not an integer");
    }
  }
}
