package io.sparkctr.jobs.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@value #SCHEME}, with the faults the real one reports:
 * {@link Mode#FULL} lets {@link #budget} more files be created, then writes every new file to
 * {@code /dev/full}, so {@link RawLocalFileSystem} itself fails as on a full disk (an {@link FSError}
 * around "No space left on device"); {@link Mode#READ_ONLY} refuses directories ({@code mkdirs} answers false) and files
 * ("(Read-only file system)", as {@code FileOutputStream} says). Tests run as root, where
 * {@code chmod} cannot make a directory read-only. Register with {@link #register}.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "faulty";

  /** The fault in effect for every path of this scheme. */
  public enum Mode { OK, FULL, READ_ONLY }

  static volatile Mode mode = Mode.OK;
  static final AtomicLong budget = new AtomicLong();

  /** Makes {@code faulty:///...} paths use this file system (uncached, so each run sees the mode). */
  public static void register(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", FaultyFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
  }

  /** As on a read-only mount: an existing directory is there, a new one cannot be made. */
  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    return mode == Mode.READ_ONLY ? pathToFile(f).isDirectory() : super.mkdirs(f, permission);
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    return mode == Mode.READ_ONLY ? pathToFile(f).isDirectory() : super.mkdirs(f);
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                   Progressable progress) throws IOException {
    return create(f, FsPermission.getFileDefault(), overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                   short replication, long blockSize, Progressable progress) throws IOException {
    if (mode == Mode.READ_ONLY) {
      throw new FileNotFoundException(pathToFile(f) + " (Read-only file system)");
    }
    if (mode == Mode.FULL && budget.decrementAndGet() < 0) {
      return super.create(new Path("/dev/full"), true, bufferSize, replication, blockSize, progress);
    }
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, java.util.EnumSet<
      org.apache.hadoop.fs.CreateFlag> flags, int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    return create(f, permission, flags.contains(org.apache.hadoop.fs.CreateFlag.OVERWRITE), bufferSize, replication,
        blockSize, progress);
  }
}
