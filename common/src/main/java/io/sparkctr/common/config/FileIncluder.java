package io.sparkctr.common.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Set;

/**
 * How a config file's {@code include}s are found: {@code include "x.conf"} and
 * {@code include required("x.conf")} name a file relative to the including file (or an absolute
 * path), whatever the spelling of the path the including file was given by; {@code include file("x")}
 * names a path as written. A name without an extension is also looked up as {@code .conf},
 * {@code .json} and {@code .properties}, and then as a classpath resource, as HOCON does. A missing
 * file is an error naming it and the including file, required or not. Every file read is added to {@code read} (its absolute path), so jobs can treat it as an
 * input that no output may replace. {@code classpath(...)} and {@code url(...)} keep the library's
 * behaviour.
 */
final class FileIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
  private final File including;
  private final Set<String> read;

  FileIncluder(File including, Set<String> read) {
    this.including = including.getAbsoluteFile();
    this.read = read;
  }

  /** Parses {@code file} with its includes resolved by this rule, adding every file read to {@code read}. */
  static ConfigObject parse(File file, ConfigParseOptions options, Set<String> read) {
    File f = file.getAbsoluteFile();
    read.add(f.getPath());
    return ConfigFactory.parseFile(f, options.setAllowMissing(false).setOriginDescription(null)
        .setIncluder(new FileIncluder(f, read))).root();
  }

  @Override
  public ConfigObject include(ConfigIncludeContext context, String what) {
    if (isUrl(what)) {
      return ConfigFactory.parseURL(url(what), context.parseOptions()).root();
    }
    File named = new File(what);
    File file = named.isAbsolute() ? named : new File(including.getParentFile(), what);
    if (!file.isFile() && !named.getName().contains(".")) { // HOCON's basename form: "base" is base.conf, .json or .properties
      for (String ext : new String[] {".conf", ".json", ".properties"}) {
        if (new File(file.getPath() + ext).isFile()) {
          return includeExisting(context, new File(file.getPath() + ext), what);
        }
      }
    }
    if (!file.isFile() && getClass().getClassLoader().getResource(what) != null) {
      return includeResources(context, what); // a packaged resource, as HOCON falls back to the classpath
    }
    return includeExisting(context, file, what);
  }

  @Override
  public ConfigObject includeFile(ConfigIncludeContext context, File file) {
    return includeExisting(context, file, "file(\"" + file + "\")");
  }

  private ConfigObject includeExisting(ConfigIncludeContext context, File file, String spelled) {
    if (!file.isFile()) {
      throw new IllegalArgumentException("Cannot load config " + including + ": its include " + spelled
          + " names " + file.getAbsolutePath() + ", which " + (file.exists() ? "is not a file" : "does not exist"));
    }
    return parse(file, context.parseOptions(), read);
  }

  @Override
  public ConfigObject includeURL(ConfigIncludeContext context, URL url) {
    return ConfigFactory.parseURL(url, context.parseOptions()).root();
  }

  @Override
  public ConfigObject includeResources(ConfigIncludeContext context, String resource) {
    return ConfigFactory.parseResourcesAnySyntax(resource, context.parseOptions()).root();
  }

  @Override
  public ConfigIncluder withFallback(ConfigIncluder fallback) {
    return this;
  }

  private static boolean isUrl(String s) {
    return url(s) != null;
  }

  private static URL url(String s) {
    try {
      return new URL(s);
    } catch (MalformedURLException e) {
      return null;
    }
  }
}
