package org.csgateway.app.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Loads the gateway's one YAML configuration file into a {@link GatewayConfig}: parses it safely, interpolates
 * {@code ${VAR}} / {@code ${VAR:-default}} from the environment, reads every section, and either returns a fully
 * validated configuration or throws a {@link ConfigException} listing every invalid field with its path. Loading has
 * no side effects, so the same loader serves start-up, {@code --validate} and (later) reloads.
 */
public final class GatewayConfigLoader {
  /** The configuration bundled in the jar: the gateway in front of the sandbox. */
  public static final String BUNDLED = "classpath:gateway.yaml";

  private final Function<String, String> environment;
  private final IntSupplier cores;

  /**
   * @param environment variable name to value, null when unset ({@code System::getenv} in production)
   * @param cores how many cores {@code server.instances: 0} stands for
   */
  public GatewayConfigLoader(Function<String, String> environment, IntSupplier cores) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.cores = Objects.requireNonNull(cores, "cores");
  }

  /** A loader reading the process environment and counting the machine's cores. */
  public static GatewayConfigLoader forThisProcess() {
    return new GatewayConfigLoader(System::getenv, Runtime.getRuntime()::availableProcessors);
  }

  /**
   * Loads a file: {@code classpath:name} or a file path (relative to the working directory). Route files named by
   * a file path resolve against its directory.
   *
   * @throws ConfigException listing every error
   */
  public GatewayConfig load(String location) {
    ConfigResources resources = new ConfigResources(Path.of("")).relativeTo(location);
    String text;
    try {
      text = new ConfigResources(Path.of("")).read(location);
    } catch (IOException e) {
      ConfigErrors errors = new ConfigErrors();
      errors.add(location, "cannot read the configuration: " + e.getMessage());
      throw new ConfigException(errors.list());
    }
    return parse(text, location, resources);
  }

  /**
   * Loads configuration text.
   *
   * @param source the name used in YAML syntax errors
   * @param resources where the route files it names are read from
   * @throws ConfigException listing every error
   */
  public GatewayConfig parse(String yaml, String source, ConfigResources resources) {
    ConfigErrors errors = new ConfigErrors();
    Map<?, ?> document = YamlDocuments.parse(yaml, source, errors);
    errors.throwIfAny();
    ConfigNode root = ConfigNode.root(document, "", errors, new Interpolator(environment));
    GatewayConfig config = new GatewayConfigReader(resources, cores).read(root);
    root.finish();
    errors.throwIfAny();
    return config;
  }
}
