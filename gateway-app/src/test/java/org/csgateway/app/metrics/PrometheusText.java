package org.csgateway.app.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads Prometheus text with a real parser: the Prometheus project's own Python client
 * ({@code prometheus_client.parser.text_string_to_metric_families}, Debian package {@code python3-prometheus-client},
 * installed by {@code .ci/run}), run as a process. No maintained Java parser of the text format is published on
 * Maven Central (the Java client only writes it). The script prints one line per sample: family name, type, sample
 * name, and the labels as name=value pairs, and the value.
 */
final class PrometheusText {
  private static final String SCRIPT = """
      import sys
      from prometheus_client.parser import text_string_to_metric_families
      for family in text_string_to_metric_families(sys.stdin.read()):
          for sample in family.samples:
              labels = ",".join(k + "=" + v for k, v in sorted(sample.labels.items()))
              print(family.name + "\\t" + family.type + "\\t" + sample.name + "\\t" + labels + "\\t" + repr(float(sample.value)))
      """;

  private PrometheusText() {}

  /** One parsed sample. */
  record Sample(String family, String type, String name, String labels, double value) {
    boolean has(String label) {
      return ("," + labels + ",").contains("," + label + ",");
    }
  }

  /** Parses the text; fails (with the parser's message) when it is not valid Prometheus text. */
  static List<Sample> parse(String text) throws IOException, InterruptedException {
    Path script = Files.createTempFile("parse-prometheus", ".py");
    try {
      Files.writeString(script, SCRIPT);
      Process process = new ProcessBuilder(python(), script.toString()).start();
      process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("the Prometheus parser refused the text: " + new String(err, StandardCharsets.UTF_8));
      }
      List<Sample> samples = new ArrayList<>();
      for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          String[] parts = line.split("\t", -1);
          samples.add(new Sample(parts[0], parts[1], parts[2], parts[3], number(parts[4])));
        }
      }
      return samples;
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static double number(String python) {
    return switch (python) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(python);
    };
  }

  /** Debian's interpreter, which has the Debian package; a PATH python may be another installation. */
  private static String python() {
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }
}
