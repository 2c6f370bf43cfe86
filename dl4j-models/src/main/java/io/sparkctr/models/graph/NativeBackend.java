package io.sparkctr.models.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which native code runs a graph's dense work, logged once per JVM when the first graph is built
 * ({@link CtrGraphBuilder#build}): ND4J's native build (the JavaCPP platform extension
 * {@code org.bytedeco.javacpp.platform.extension}: none = the generic {@code linux-x86_64} build, {@code -avx512}
 * = the AVX-512 build) and OpenBLAS's kernels for the matrix products ({@code OPENBLAS_CORETYPE}, or OpenBLAS's
 * own choice by CPU model when unset).
 *
 * <p>The OpenBLAS 0.3.21 that ND4J 1.0.0-M2.1 ships picks kernels by CPU model and falls back to its SSE3
 * "Prescott" kernels on models newer than it (a Xeon Emerald Rapids here): the MLP's GEMMs then run 2–3× slower
 * (docs/design/step-profile.md). {@code bin/sparkctr} sets the variable from the CPU's flags; a JVM started
 * without it on a CPU with AVX2 or AVX-512 logs a warning naming the value to export.
 */
public final class NativeBackend {
  /** The environment variable OpenBLAS reads once, when it loads. */
  public static final String CORETYPE = "OPENBLAS_CORETYPE";
  private static final Logger LOG = LoggerFactory.getLogger(NativeBackend.class);
  private static final AtomicBoolean LOGGED = new AtomicBoolean();

  private NativeBackend() {}

  /** Logs {@link #describe} once per JVM, and {@link #advice} as a warning when there is one. */
  public static void logOnce() {
    if (!LOGGED.compareAndSet(false, true)) {
      return;
    }
    String flags = cpuFlags();
    String extension = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
    LOG.info(describe(System.getenv(), extension));
    String advice = advice(System.getenv(), flags);
    if (advice != null) {
      LOG.warn(advice);
    }
  }

  /** One line naming ND4J's native build and OpenBLAS's kernels. */
  static String describe(Map<String, String> env, String extension) {
    String core = env.get(CORETYPE);
    return String.format(Locale.ROOT, "native code: ND4J build linux-x86_64%s (org.bytedeco.javacpp.platform.extension), "
            + "OpenBLAS kernels %s", extension,
        core == null || core.isBlank() ? "chosen by OpenBLAS from the CPU model (" + CORETYPE + " unset)"
            : core + " (" + CORETYPE + ")");
  }

  /**
   * The kernels to name for a CPU with these {@code /proc/cpuinfo} flags: SkylakeX with AVX-512 (F, CD, BW,
   * DQ, VL), Haswell with AVX2 and FMA, else null (OpenBLAS's own choice is as good).
   */
  public static String coreFor(String cpuFlags) {
    String f = " " + cpuFlags.trim() + " ";
    if (f.contains(" avx512f ") && f.contains(" avx512cd ") && f.contains(" avx512bw ") && f.contains(" avx512dq ")
        && f.contains(" avx512vl ")) {
      return "SkylakeX";
    }
    return f.contains(" avx2 ") && f.contains(" fma ") ? "Haswell" : null;
  }

  /** A warning when {@code OPENBLAS_CORETYPE} is unset on a CPU that has vector kernels ({@link #coreFor}), else null. */
  static String advice(Map<String, String> env, String cpuFlags) {
    String core = coreFor(cpuFlags);
    if (env.containsKey(CORETYPE) || core == null) {
      return null;
    }
    return CORETYPE + " is not set: OpenBLAS 0.3.21 picks its kernels by CPU model and uses SSE3 kernels on models "
        + "newer than 2022, 2-3x slower matrix products. Export " + CORETYPE + "=" + core + " before the JVM starts "
        + "(bin/sparkctr does; an empty value keeps OpenBLAS's own choice).";
  }

  /** The first {@code flags} line of /proc/cpuinfo, or "" where there is none. */
  static String cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return line.substring(line.indexOf(':') + 1);
        }
      }
    } catch (IOException | RuntimeException e) {
      return "";
    }
    return "";
  }
}
