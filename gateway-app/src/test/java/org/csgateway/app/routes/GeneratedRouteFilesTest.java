package org.csgateway.app.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.csgateway.app.config.GatewayConfigLoader;
import org.csgateway.core.routing.Route;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps the committed route files equal to what the generator makes of the researched ComputeStacks route lists.
 * Runs where {@code ../shared/computestacks} sits beside the repository (CI clones, the development machine) and is
 * skipped elsewhere. With {@code -Droutes.regenerate=true} it rewrites the committed files instead of failing.
 */
class GeneratedRouteFilesTest {
  private final RouteFileGenerator generator = new RouteFileGenerator();

  @Test
  void should_match_the_generated_output_when_the_route_sources_are_present() throws IOException {
    Path sources = RepositoryPaths.computeStacksSources();
    assumeTrue(Files.isDirectory(sources), "no route sources at " + sources);
    boolean regenerate = Boolean.getBoolean("routes.regenerate");
    for (RouteFileGenerator.Target target : RouteFileGenerator.TARGETS) {
      String generated = generator.generate(sources, target);
      Path committed = RepositoryPaths.appResources().resolve(target.resource());
      if (regenerate) {
        Files.writeString(committed, generated, StandardCharsets.UTF_8);
      }
      assertThat(committed).exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as("%s is out of date: regenerate it (see its header)", target.resource())
          .isEqualTo(generated);
    }
  }

  @Test
  void should_load_every_source_entry_with_its_fields_when_the_gateway_reads_the_generated_files()
      throws IOException {
    Path sources = RepositoryPaths.computeStacksSources();
    assumeTrue(Files.isDirectory(sources), "no route sources at " + sources);
    List<Route> loaded = new GatewayConfigLoader(name -> null, () -> 1).load(GatewayConfigLoader.BUNDLED)
        .routes().table().routes();
    List<String> expected = new ArrayList<>();
    for (RouteFileGenerator.Target target : RouteFileGenerator.TARGETS) {
      List<Map<String, Object>> entries = new Yaml(new SafeConstructor(new LoaderOptions()))
          .load(Files.readString(sources.resolve(target.sourceFile()), StandardCharsets.UTF_8));
      for (Map<String, Object> e : entries) {
        expected.add(e.get("method") + " " + e.get("path") + " " + e.get("auth") + " " + e.get("scopes") + " "
            + e.get("scope_match") + " " + e.get("collection") + " " + e.get("paginated"));
      }
    }
    List<String> actual = loaded.stream().map(r -> r.method().name() + " " + r.template() + " "
        + r.auth().name().toLowerCase(Locale.ROOT) + " " + r.scopes().stream().sorted().toList() + " "
        + r.scopeMatch().name().toLowerCase(Locale.ROOT) + " " + r.collection() + " " + r.paginated()).toList();
    List<String> expectedSorted = expected.stream().map(GeneratedRouteFilesTest::sortScopes).toList();
    assertThat(actual).containsExactlyElementsOf(expectedSorted);
  }

  /** The source lists scopes in its own order; the route keeps a set. */
  private static String sortScopes(String line) {
    int open = line.indexOf('[');
    int close = line.indexOf(']');
    String inner = line.substring(open + 1, close);
    List<String> scopes = inner.isBlank() ? List.of() : List.of(inner.split(", "));
    return line.substring(0, open) + scopes.stream().sorted().toList() + line.substring(close + 1);
  }
}
