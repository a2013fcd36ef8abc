package org.csgateway.app.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
}
