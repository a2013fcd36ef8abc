package org.csgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.csgateway.core.identity.CredentialKind;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.routing.RouteLookup;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
  private static final Principal ALICE = user("alice", Set.of("projects_read"));
  private static final Principal BOB = user("bob", Set.of("projects_read"));

  static Principal user(String name, Set<String> scopes) {
    return new Principal("user:" + name + "/app:test", CredentialKind.USER_TOKEN, scopes, name, "test", null);
  }

  private static CacheKey key(Principal principal, String version, HttpMethod method, String uri, String... headers) {
    Exchange exchange = TestExchanges.exchange(method, uri, headers);
    int q = uri.indexOf('?');
    RouteLookup lookup = TestGateway.ROUTES.lookup(HttpMethod.GET, q < 0 ? uri : uri.substring(0, q));
    exchange.route(((RouteLookup.Found) lookup).match());
    return CacheKey.of(principal, version, exchange);
  }

  /** The key of a GET of {@code uri} (a route of {@link TestGateway#ROUTES}) by this principal, in version 80. */
  static CacheKey key(Principal principal, String uri, String... headers) {
    return key(principal, "80.json", HttpMethod.GET, uri, headers);
  }

  @Nested
  class Separates {
    @Test
    void should_differ_when_the_principal_differs() {
      assertThat(key(ALICE, "/api/projects")).isNotEqualTo(key(BOB, "/api/projects"));
      // the principal is in the hashed material, not only beside it
      assertThat(key(ALICE, "/api/projects").digest()).isNotEqualTo(key(BOB, "/api/projects").digest());
    }

    @Test
    void should_differ_when_the_scope_set_differs() {
      Principal wider = user("alice", Set.of("projects_read", "projects_write"));
      assertThat(key(ALICE, "/api/projects")).isNotEqualTo(key(wider, "/api/projects"));
    }

    @Test
    void should_differ_when_the_version_or_format_differs() {
      CacheKey json80 = key(ALICE, "/api/projects");
      assertThat(json80).isNotEqualTo(key(ALICE, "65.json", HttpMethod.GET, "/api/projects"));
      assertThat(json80).isNotEqualTo(key(ALICE, "80.xml", HttpMethod.GET, "/api/projects"));
      assertThat(json80).isNotEqualTo(key(ALICE, "/api/projects.xml"));
    }

    @Test
    void should_differ_when_the_path_or_query_differs() {
      assertThat(key(ALICE, "/api/projects/1/volumes")).isNotEqualTo(key(ALICE, "/api/projects/2/volumes"));
      assertThat(key(ALICE, "/api/projects?page=2")).isNotEqualTo(key(ALICE, "/api/projects?page=3"));
      assertThat(key(ALICE, "/api/projects?q=a")).isNotEqualTo(key(ALICE, "/api/projects?q=b"));
    }

    @Test
    void should_differ_when_the_representation_headers_differ() {
      assertThat(key(ALICE, "/api/projects")).isNotEqualTo(key(ALICE, "/api/projects", "Accept-Encoding", "gzip"));
      assertThat(key(ALICE, "/api/projects"))
          .isNotEqualTo(key(ALICE, "/api/projects", "X-Forwarded-Host", "other.example"));
    }

    @Test
    void should_not_be_made_without_a_principal_or_a_version() {
      assertThatThrownBy(() -> key(null, "/api/projects")).isInstanceOf(NullPointerException.class)
          .hasMessage("principal");
      assertThatThrownBy(() -> key(ALICE, null, HttpMethod.GET, "/api/projects"))
          .isInstanceOf(NullPointerException.class).hasMessage("versionKey");
    }
  }

  @Nested
  class Merges {
    @Test
    void should_share_the_get_entry_when_the_request_is_a_head() {
      assertThat(key(ALICE, "80.json", HttpMethod.HEAD, "/api/projects")).isEqualTo(key(ALICE, "/api/projects"));
    }

    @Test
    void should_ignore_parameter_order_and_query_credentials() {
      assertThat(key(ALICE, "/api/projects?b=2&a=1&access_token=secret"))
          .isEqualTo(key(ALICE, "/api/projects?a=1&b=2&bearer_token=other"));
    }

    @Test
    void should_make_pagination_defaults_explicit_on_paginated_routes() {
      CacheKey plain = key(ALICE, "/api/projects");
      assertThat(key(ALICE, "/api/projects?page=1")).isEqualTo(plain);
      assertThat(key(ALICE, "/api/projects?per_page=30&page=0")).isEqualTo(plain);
      assertThat(key(ALICE, "/api/projects?per_page=")).isEqualTo(plain);
    }

    @Test
    void should_treat_percent_escapes_case_insensitively_in_path_parameters() {
      assertThat(key(ALICE, "/api/projects/a%2fb/volumes")).isEqualTo(key(ALICE, "/api/projects/a%2Fb/volumes"));
    }
  }

  @Test
  void should_keep_no_secret_and_name_its_owner_and_family() {
    CacheKey key = key(ALICE, "/api/projects/7/volumes?access_token=s3cr3t-token");

    assertThat(key.principalId()).isEqualTo(ALICE.id());
    assertThat(key.family()).isEqualTo("projects");
    assertThat(key.routeId()).isEqualTo("/api/projects/{project_id}/volumes");
    assertThat(key.digest()).hasSize(64).doesNotContain("s3cr3t");
    assertThat(key.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void should_digest_each_field_as_its_utf8_length_and_bytes_whatever_the_characters_and_length() throws Exception {
    String[] fields = {"", "basic:4f2a", "ü/ñ €", "x".repeat(300), "😀", "per_page=5&page=1"};
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    CacheKey.Material material = new CacheKey.Material();
    for (String field : fields) {
      byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
      expected.write(ByteBuffer.allocate(4).putInt(utf8.length).array());
      expected.write(utf8);
      material.add(field);
    }

    assertThat(material.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()));
    // Moving a byte from one field to the next changes the digest: the lengths keep fields apart.
    assertThat(new CacheKey.Material().add("ab").add("c").digest())
        .isNotEqualTo(new CacheKey.Material().add("a").add("bc").digest());
  }
}
