package org.csgateway.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * The module graph of the architecture guide, checked on the compiled main classes of every module: core depends on
 * no other module, auth and cache depend on core only (never on each other), nothing depends on app, and only app
 * touches YAML.
 */
class ArchitectureTest {
  /** Main classes only, whatever the build's output directory is called (-Dgw.out=...). */
  private static final ImportOption MAIN_CLASSES_ONLY = (Location location) ->
      !location.contains("/test-classes/") && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));

  private static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(MAIN_CLASSES_ONLY).importPackages("org.csgateway");

  @Test
  void should_see_the_main_classes_of_every_module_when_importing() {
    assertThat(CLASSES.stream().map(c -> c.getPackageName()))
        .anyMatch(p -> p.startsWith("org.csgateway.core"))
        .anyMatch(p -> p.startsWith("org.csgateway.auth"))
        .anyMatch(p -> p.startsWith("org.csgateway.cache"))
        .anyMatch(p -> p.startsWith("org.csgateway.app"));
  }

  @Test
  void should_keep_core_free_of_the_other_modules() {
    noClasses().that().resideInAPackage("org.csgateway.core..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.csgateway.auth..", "org.csgateway.cache..", "org.csgateway.app..")
        .check(CLASSES);
  }

  @Test
  void should_keep_auth_free_of_cache_and_app() {
    noClasses().that().resideInAPackage("org.csgateway.auth..")
        .should().dependOnClassesThat().resideInAnyPackage("org.csgateway.cache..", "org.csgateway.app..")
        .check(CLASSES);
  }

  @Test
  void should_keep_cache_free_of_auth_and_app() {
    noClasses().that().resideInAPackage("org.csgateway.cache..")
        .should().dependOnClassesThat().resideInAnyPackage("org.csgateway.auth..", "org.csgateway.app..")
        .check(CLASSES);
  }

  @Test
  void should_let_only_app_use_yaml() {
    noClasses().that().resideOutsideOfPackage("org.csgateway.app..")
        .should().dependOnClassesThat().resideInAnyPackage("org.yaml..")
        .check(CLASSES);
  }
}
