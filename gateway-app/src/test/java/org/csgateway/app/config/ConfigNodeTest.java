package org.csgateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.csgateway.core.routing.UnmatchedPolicy;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {
  private final ConfigErrors errors = new ConfigErrors();

  private ConfigNode root(String yaml) {
    Map<?, ?> map = YamlDocuments.parse(yaml, "test.yaml", errors);
    return ConfigNode.root(map, "", errors, new Interpolator(Map.of("TOKEN", "t0ps3cret", "PORT", "9000")::get));
  }

  private List<String> messages() {
    return errors.list().stream().map(ConfigError::toString).toList();
  }

  @Test
  void should_return_defaults_when_keys_are_absent_or_null() {
    ConfigNode node = root("a:\nb: ~\n").child("missing");
    assertThat(node.isPresent()).isFalse();
    assertThat(node.integer("port", 8080, 0, 65535)).isEqualTo(8080);
    assertThat(node.duration("timeout", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(node.strings("list", List.of("x"))).containsExactly("x");
    assertThat(errors.list()).isEmpty();
  }

  @Test
  void should_record_every_bad_value_with_its_path_when_reading_on() {
    ConfigNode server = root("""
        server:
          port: 70000
          instances: many
          timeout: 30
          size: 10 megabytes
          enabled: yes-please
          mode: sideways
          nested: [1, 2]
          hosts: {a: b}
        """).child("server");
    assertThat(server.integer("port", 8080, 0, 65535)).isEqualTo(8080);
    server.integer("instances", 0, 0, 256);
    server.duration("timeout", Duration.ZERO);
    server.size("size", 0);
    server.bool("enabled", false);
    server.enumValue("mode", UnmatchedPolicy.class, UnmatchedPolicy.REJECT);
    server.child("nested");
    server.strings("hosts", List.of());
    assertThat(messages()).containsExactly(
        "server.port: must be between 0 and 65535, was 70000",
        "server.instances: must be an integer, was 'many'",
        "server.timeout: must be a duration such as 250ms, 2s, 5m, 1h or 1d, was 30",
        "server.size: must be a size such as 10MiB, 512KiB, 64KB or a number of bytes, was '10 megabytes'",
        "server.enabled: must be true or false, was 'yes-please'",
        "server.mode: must be one of reject, forward, was 'sideways'",
        "server.nested: must be a mapping, was a list",
        "server.hosts: must be a list, was a mapping");
  }

  @Test
  void should_report_unknown_keys_with_a_suggestion_when_finishing() {
    ConfigNode node = root("prot: 1\ncompletely_else: 2\nhost: x\n");
    node.integer("port", 0, 0, 65535);
    node.string("host", null);
    node.finish();
    assertThat(messages()).containsExactly(
        "prot: unknown key; did you mean 'port'?",
        "completely_else: unknown key; known keys here: host, port");
  }

  @Test
  void should_interpolate_environment_variables_and_not_echo_their_values_when_invalid() {
    ConfigNode node = root("port: ${PORT}\ntoken: \"${TOKEN}\"\nbad: ${TOKEN}\nunset: ${NOT_SET}\n");
    assertThat(node.integer("port", 0, 0, 65535)).isEqualTo(9000);
    assertThat(node.string("token", null)).isEqualTo("t0ps3cret");
    node.integer("bad", 0, 0, 10);
    node.string("unset", null);
    assertThat(messages()).containsExactly(
        "bad: must be an integer, was '${TOKEN}'",
        "unset: environment variable NOT_SET is not set and has no default (write ${NOT_SET:-default} to give one)");
    assertThat(String.join("\n", messages())).doesNotContain("t0ps3cret");
  }

  @Test
  void should_report_list_elements_by_index_when_their_conversion_fails() {
    ConfigNode node = root("blocked: [/ok, nope, /fine, {x: 1}]\n");
    List<String> values = node.list("blocked", List.of(), v -> {
      if (!v.startsWith("/")) {
        throw new IllegalArgumentException("must start with '/', was '" + v + "'");
      }
      return v;
    });
    assertThat(values).containsExactly("/ok", "/fine");
    assertThat(messages()).containsExactly(
        "blocked[1]: must start with '/', was 'nope'", "blocked[3]: must be a string, was a mapping");
  }

  @Test
  void should_report_a_compact_constructor_failure_at_the_nodes_path_when_constructing() {
    ConfigNode node = root("admin: {host: \" \"}\n").child("admin");
    AdminConfig built = node.construct(() -> new AdminConfig(node.string("host", "h"), 1));
    assertThat(built).isNull();
    assertThat(messages()).containsExactly("admin: host must not be blank");
  }

  @Test
  void should_still_report_the_records_objections_but_return_null_when_a_field_already_failed() {
    ConfigNode node = root("admin: {port: -1, host: \" \"}\n").child("admin");
    int port = node.integer("port", 1, 0, 65535);
    String host = node.string("host", "h");
    assertThat(node.construct(() -> new AdminConfig(host, port))).isNull();
    assertThat(messages()).containsExactly(
        "admin.port: must be between 0 and 65535, was -1", "admin: host must not be blank");
  }

  @Test
  void should_not_report_a_missing_part_twice_when_its_own_error_was_recorded() {
    ConfigNode node = root("admin: {port: -1}\n").child("admin");
    node.integer("port", 1, 0, 65535);
    assertThat(node.construct(() -> new AdminConfig(null, 1))).isNull();
    assertThat(messages()).containsExactly("admin.port: must be between 0 and 65535, was -1");
  }

  @Test
  void should_report_yaml_syntax_errors_with_line_and_column_when_the_text_is_not_yaml() {
    assertThat(YamlDocuments.parse("a: [1, 2\nb: 3\n", "broken.yaml", errors)).isNull();
    assertThat(YamlDocuments.parse("a: 1\na: 2\n", "dup.yaml", errors)).isNull();
    assertThat(YamlDocuments.parse("- 1\n- 2\n", "list.yaml", errors)).isNull();
    assertThat(messages()).hasSize(3);
    assertThat(messages().get(0)).startsWith("broken.yaml: invalid YAML at line ");
    assertThat(messages().get(1)).startsWith("dup.yaml: invalid YAML at line 2").contains("duplicate key a");
    assertThat(messages().get(2)).isEqualTo("list.yaml: must be a YAML mapping at the top level, was a list");
  }

  @Test
  void should_refuse_arbitrary_types_when_the_yaml_names_a_java_class() {
    assertThat(YamlDocuments.parse("x: !!java.io.File /etc/passwd\n", "evil.yaml", errors)).isNull();
    assertThat(messages()).singleElement().asString().startsWith("evil.yaml: invalid YAML");
  }
}
