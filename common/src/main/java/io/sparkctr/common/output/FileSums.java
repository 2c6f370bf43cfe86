package io.sparkctr.common.output;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * CRC32C sums of the files of a directory (model bundles, checkpoints), as 8 hex digits keyed by
 * the path relative to the directory ({@code tables/emb.table}), and their verification on read.
 * Hidden files ({@code .name}: Hadoop's {@code .crc} files, temporaries) and the completion marker
 * are never summed.
 */
public final class FileSums {
  /** The algorithm's name as written beside the sums. */
  public static final String ALGORITHM = "CRC32C";

  private FileSums() {}

  /** The sum of everything {@code in} yields (read to its end, not closed). */
  public static String of(InputStream in) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 16];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      crc.update(buf, 0, n);
    }
    return String.format("%08x", crc.getValue());
  }

  /** The sum of one file. */
  public static String of(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return of(in);
    }
  }

  /** Every file under {@code root} (recursively) but hidden ones, the marker and those {@code skip} names. */
  public static Map<String, String> ofTree(FileSystem fs, Path root, Predicate<String> skip) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    add(fs, root, "", skip, sums);
    return sums;
  }

  private static void add(FileSystem fs, Path dir, String prefix, Predicate<String> skip, Map<String, String> sums)
      throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      String rel = prefix + name;
      if (name.startsWith(".") || name.equals(StagedOutput.COMPLETE) || skip.test(rel)) {
        continue;
      }
      if (s.isDirectory()) {
        add(fs, s.getPath(), rel + "/", skip, sums);
      } else {
        sums.put(rel, of(fs, s.getPath()));
      }
    }
  }

  /**
   * Checks every listed file against its sum.
   *
   * @param what what the directory is and its name as the user gave it, for the message ("model bundle
   *     out/m", "checkpoint ck/epoch-0003")
   * @throws IllegalArgumentException "Cannot read model bundle out/m: tables/emb.table fails its checksum ..."
   *     or "... is missing"
   */
  public static void verify(FileSystem fs, Path root, Map<String, String> expected, String what) throws IOException {
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Path f = new Path(root, e.getKey());
      if (!fs.exists(f)) {
        throw new IllegalArgumentException("Cannot read " + what + ": " + e.getKey() + " is missing");
      }
      String found = of(fs, f);
      if (!found.equalsIgnoreCase(e.getValue())) {
        throw new IllegalArgumentException("Cannot read " + what + ": " + e.getKey()
            + " fails its checksum (" + ALGORITHM + " " + found + ", written as " + e.getValue()
            + "): the file was changed or damaged after it was written");
      }
    }
  }
}
