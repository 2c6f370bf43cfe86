package io.sparkctr.common.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this copy of sparkctr is: its version and the commit it was built from (from the build-time
 * resource {@value #RESOURCE}, which Maven fills in), and the DL4J it was built against. The commit
 * is {@value #UNKNOWN} unless the build was given {@code -Dgit.commit=...} ({@code bin/sparkctr} and
 * {@code deploy/docker/build.sh} pass it).
 *
 * @param version the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param gitCommit the commit built, or {@value #UNKNOWN}
 * @param sparkVersion the Spark version compiled against (the cluster's may differ: see the bundle lineage)
 * @param dl4jVersion the DL4J/ND4J version, which the fat jar carries
 */
public record BuildInfo(String version, String gitCommit, String sparkVersion, String dl4jVersion) {
  public static final String RESOURCE = "io/sparkctr/build.properties";
  public static final String UNKNOWN = "unknown";
  private static final BuildInfo CURRENT = load();

  /** This build's information. */
  public static BuildInfo current() {
    return CURRENT;
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return new BuildInfo(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
    return new BuildInfo(value(p, "sparkctr.version"), value(p, "git.commit"), value(p, "spark.version"),
        value(p, "dl4j.version"));
  }

  /** A value, or {@value #UNKNOWN} when missing or left unfiltered ({@code ${...}}, e.g. in an IDE build). */
  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "").trim();
    return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
  }

  /** {@code 0.1.0-SNAPSHOT (commit 080bab4d)} or just the version when the commit is unknown. */
  public String describe() {
    return UNKNOWN.equals(gitCommit) ? version
        : version + " (commit " + gitCommit.substring(0, Math.min(12, gitCommit.length())) + ")";
  }
}
