package io.sparkctr.features.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import io.sparkctr.features.parse.QuotedFields;
import io.sparkctr.features.parse.RecordParser;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The input files behind a path, file or directory or glob, on any Hadoop file system, sorted by
 * path. Hidden files (names starting with {@code .} or {@code _}, such as {@code _SUCCESS}) are
 * skipped. A missing path or one with no non-empty file fails here, before any work.
 */
public final class InputFiles {
  /** A UTF-8 byte-order mark as decoded: stripped from the start of a header. */
  private static final String BOM = "\uFEFF";
  private final List<FileStatus> files;
  private final Configuration conf;

  private InputFiles(List<FileStatus> files, Configuration conf) {
    this.files = files;
    this.conf = conf;
  }

  public static InputFiles resolve(String path, Configuration conf) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("Cannot read input: no input path (set input.path or pass --input)");
    }
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new IllegalArgumentException("Cannot read input: path " + path + " does not exist");
      }
      List<FileStatus> files = new ArrayList<>();
      for (FileStatus m : matches) {
        if (m.isDirectory()) {
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
          while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            if (!hidden(f.getPath(), m.getPath())) {
              files.add(f);
            }
          }
        } else if (!hidden(m.getPath(), null)) {
          files.add(m);
        }
      }
      files.sort(Comparator.comparing(f -> f.getPath().toString()));
      if (files.isEmpty()) {
        throw new IllegalArgumentException("Cannot read input: no files under " + path);
      }
      for (FileStatus f : files) {
        if (f.getLen() == 0 && new CompressionCodecFactory(conf).getCodec(f.getPath()) != null) {
          throw new UnreadableInputException(f.getPath().toString(), new java.io.EOFException("the compressed file is "
              + "empty (0 bytes): not even a header of its format, so it was cut off or never written"));
        }
      }
      if (files.stream().allMatch(f -> f.getLen() == 0)) {
        throw new IllegalArgumentException("Cannot read input: all " + files.size() + " file(s) under " + path
            + " are empty");
      }
      return new InputFiles(files, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read input " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean hidden(Path file, Path root) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String n = p.getName();
      if (n.startsWith(".") || n.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  public Path[] paths() {
    return files.stream().map(FileStatus::getPath).toArray(Path[]::new);
  }

  public long totalBytes() {
    return files.stream().mapToLong(FileStatus::getLen).sum();
  }

  public int count() {
    return files.size();
  }

  /** Files with at least one byte; each of them has a header line when the input has headers. */
  public List<FileStatus> nonEmpty() {
    return files.stream().filter(f -> f.getLen() > 0).toList();
  }

  /**
   * Reads the first line of every non-empty file (a leading UTF-8 byte-order mark stripped) and
   * checks they agree and name each column once.
   *
   * @return the column names of the header
   */
  public List<String> header(char separator) {
    return header(separator, RecordParser.NO_QUOTE);
  }

  /** As {@link #header(char)}, with the header's names split by RFC 4180 rules when {@code quote} is set. */
  public List<String> header(char separator, char quote) {
    String first = null;
    Path firstPath = null;
    for (FileStatus f : nonEmpty()) {
      String line = firstLine(f.getPath());
      if (first == null) {
        first = line;
        firstPath = f.getPath();
      } else if (!first.equals(line)) {
        throw new IllegalArgumentException("Cannot read input: header of " + f.getPath() + " ('" + line
            + "') differs from the header of " + firstPath + " ('" + first + "')");
      }
    }
    List<String> cols = new ArrayList<>();
    String[] names;
    if (quote != RecordParser.NO_QUOTE && first.indexOf(quote) >= 0) {
      try {
        names = new QuotedFields(separator, quote, 1 << 16).split(first);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot read input: the header of " + firstPath + " ('" + first + "'): "
            + e.getMessage());
      }
    } else {
      names = first.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
    }
    for (String raw : names) {
      String name = raw.trim();
      if (cols.contains(name)) {
        throw new IllegalArgumentException("Cannot read input: the header of " + firstPath + " names column '"
            + name + "' twice ('" + first + "')");
      }
      cols.add(name);
    }
    return cols;
  }

  private String firstLine(Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      try (InputStream raw = fs.open(path);
           InputStream in = codec == null ? raw : codec.createInputStream(raw);
           BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line = r.readLine();
        return line == null ? "" : line.startsWith(BOM) ? line.substring(1) : line;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read header of " + path + ": " + e.getMessage(), e);
    }
  }
}
