package io.sparkctr.models;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * For tests that switch ND4J's JVM-wide default data types (gradient checks run in double): puts
 * back the defaults found before each test, so later tests in the same JVM run as configured.
 */
public final class RestoreNd4jDefaults implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RestoreNd4jDefaults.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("types", new DataType[] {Nd4j.dataType(), Nd4j.defaultFloatingPointType()});
  }

  @Override
  public void afterEach(ExtensionContext context) {
    DataType[] types = context.getStore(NS).get("types", DataType[].class);
    Nd4j.setDefaultDataTypes(types[0], types[1]);
  }
}
