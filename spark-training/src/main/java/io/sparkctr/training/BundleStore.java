package io.sparkctr.training;

import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.models.onnx.OnnxExport;
import io.sparkctr.models.onnx.OnnxOptions;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.tables.Quantization;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Model bundles on any Hadoop file system. {@link #publish} writes the bundle (plus extra files)
 * to a hidden staging sibling of the target and renames it into place only when complete;
 * {@link #read} copies a bundle to a local temporary directory and loads it.
 */
public final class BundleStore {
  private BundleStore() {}

  /**
   * Writes {@code bundle} and {@code extra} (relative file name → text) and publishes them at {@code target}.
   *
   * @param reads what the job read (features, a warm-start model), which the target may not hold
   */
  public static void publish(ModelBundle bundle, Map<String, String> extra, String target, boolean overwrite,
                             Configuration conf, OutputGuard.Read... reads) {
    publish(bundle, extra, Quantization.NONE, target, overwrite, conf, reads);
  }

  /**
   * As {@link #publish(ModelBundle, Map, String, boolean, Configuration, OutputGuard.Read...)}, with the
   * tables stored under {@code q}: {@link Quantization#INT8} publishes an int8 serving bundle ({@link ModelBundle}).
   */
  public static void publish(ModelBundle bundle, Map<String, String> extra, Quantization q, String target,
                             boolean overwrite, Configuration conf, OutputGuard.Read... reads) {
    publishDirectory(dir -> bundle.write(dir, false, extra, q), "model bundle", target, overwrite, conf, reads);
  }

  /**
   * Writes {@code bundle} as an ONNX model ({@link OnnxExport}: model.onnx, its external data if any, the
   * manifest and the golden vectors) and publishes the directory at {@code target}, as {@link #publish}.
   *
   * @return the model's metadata_props
   */
  public static Map<String, String> publishOnnx(ModelBundle bundle, OnnxOptions options, String target,
                                                boolean overwrite, Configuration conf, OutputGuard.Read... reads) {
    Map<String, String> meta = new java.util.LinkedHashMap<>();
    publishDirectory(dir -> meta.putAll(OnnxExport.write(bundle, dir, options)), "ONNX model", target, overwrite,
        conf, reads);
    return meta;
  }

  /** Fills a local directory with {@code writer}, copies its files to a staging sibling of the target, renames. */
  private static void publishDirectory(Consumer<Path> writer, String what, String target, boolean overwrite,
                                       Configuration conf, OutputGuard.Read... reads) {
    Path local = null;
    try (StagedOutput out = StagedOutput.begin(target, overwrite, conf, reads)) {
      local = Files.createTempDirectory("sparkctr-bundle");
      Path dir = local.resolve("bundle");
      writer.accept(dir);
      FileSystem fs = out.staging().getFileSystem(conf);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(f.toUri()),
              new org.apache.hadoop.fs.Path(out.staging(), f.getFileName().toString()));
        }
      }
      out.publish();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + what + " " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(local);
    }
  }

  /** Reads a bundle from any Hadoop file system. */
  public static ModelBundle read(String dir, Configuration conf) {
    StagedOutput.requireComplete(dir, conf, "model bundle");
    org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(dir);
    try {
      FileSystem fs = src.getFileSystem(conf);
      if (!fs.getFileStatus(src).isDirectory()) {
        throw new IllegalArgumentException("Cannot read model bundle " + dir + ": not a directory");
      }
      if ("file".equals(fs.getScheme())) {
        return ModelBundle.read(new File(fs.makeQualified(src).toUri()).toPath());
      }
      Path local = Files.createTempDirectory("sparkctr-bundle");
      try {
        fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(local.resolve("b").toUri()), true);
        return ModelBundle.read(local.resolve("b"));
      } finally {
        deleteQuietly(local);
      }
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("Cannot read model bundle " + dir + ": no such directory", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model bundle " + dir + ": " + e.getMessage(), e);
    }
  }

  static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (IOException ignored) {
      // temporary files only
    }
  }
}
