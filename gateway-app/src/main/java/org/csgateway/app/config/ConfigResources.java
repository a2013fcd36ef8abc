package org.csgateway.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads the files a configuration names: {@code classpath:some/file.yaml} from the gateway's own jar, anything else
 * as a file path, relative paths resolved against the directory of the configuration file that names them.
 */
public final class ConfigResources {
  public static final String CLASSPATH = "classpath:";

  private final Path baseDir;
  private final ClassLoader classLoader;

  public ConfigResources(Path baseDir) {
    this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
    this.classLoader = ConfigResources.class.getClassLoader();
  }

  /**
   * The text of the resource, as UTF-8.
   *
   * @throws IOException with a message fit for an operator when it cannot be read
   */
  public String read(String location) throws IOException {
    if (location.startsWith(CLASSPATH)) {
      String name = location.substring(CLASSPATH.length());
      name = name.startsWith("/") ? name.substring(1) : name;
      try (InputStream in = classLoader.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("no such resource in the gateway's jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    Path file = baseDir.resolve(location);
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("no such file: " + file.toAbsolutePath().normalize(), e);
    }
  }

  /** The absolute path of a file the configuration names (a certificate, say), resolved like {@link #read}. */
  public Path path(String location) {
    return baseDir.resolve(location).toAbsolutePath().normalize();
  }

  /** Resources named by the file at this location resolve against its directory. */
  public ConfigResources relativeTo(String location) {
    if (location.startsWith(CLASSPATH)) {
      return this;
    }
    Path parent = baseDir.resolve(location).toAbsolutePath().getParent();
    return new ConfigResources(parent == null ? baseDir : parent);
  }
}
