package org.csgateway.app.deploy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * deploy/container/Dockerfile read the way {@code docker build} reads the parts the tests use: its instructions
 * (continuation lines joined, comments dropped), the environment its {@code ENV} lines give the gateway, and the
 * JVM options in that environment's {@code JAVA_OPTS}. Public so that tests which start the gateway as the image
 * does (the soak test's process) take the image's settings from the file instead of a copy that could drift.
 */
public final class DockerfileView {
  /** {@code K=V} or {@code K="V with spaces"}, as {@code ENV} takes them. */
  private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

  private DockerfileView() {}

  /** The Dockerfile's instructions in order, each as {instruction, arguments}. */
  static List<String[]> instructions() {
    String joined = DeployFiles.read(DeployFiles.deploy("container/Dockerfile")).lines()
        .filter(l -> !l.stripLeading().startsWith("#"))
        .collect(Collectors.joining("\n")).replace("\\\n", " ");
    return joined.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+", 2)).toList();
  }

  /** The arguments of every instruction of this name, in order. */
  static List<String> instructions(String name) {
    return instructions().stream().filter(i -> i[0].equals(name)).map(i -> i[1]).toList();
  }

  /** The variables the image's {@code ENV} lines set, quotes removed, in order; a later line wins. */
  public static Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String arguments : instructions("ENV")) {
      Matcher m = ASSIGNMENT.matcher(arguments);
      while (m.find()) {
        String value = m.group(2);
        environment.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
      }
    }
    return environment;
  }

  /** The image's {@code JAVA_OPTS}, one option per element. */
  public static List<String> javaOptions() {
    String javaOpts = environment().get("JAVA_OPTS");
    return javaOpts == null || javaOpts.isBlank() ? List.of() : Arrays.asList(javaOpts.strip().split("\\s+"));
  }
}
