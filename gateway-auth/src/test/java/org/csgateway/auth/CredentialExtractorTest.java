package org.csgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.Test;

/** The credential is read as the upstream reads it, or the request is refused as ambiguous. */
class CredentialExtractorTest {

  private static Credential extract(String uri, String... headers) {
    return CredentialExtractor.extract(TestExchanges.exchange(HttpMethod.GET, uri, headers).request());
  }

  private static String basic(String credential) {
    return "Basic " + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void should_read_basic_credentials_with_a_colon_in_the_password() {
    assertThat(extract("/api/projects", "Authorization", basic("alice:pa:ss")))
        .isEqualTo(new Credential.Basic("alice", "pa:ss"));
    assertThat(extract("/api/projects", "Authorization", basic("alice:pa:ss").replace("Basic", "basic")))
        .isEqualTo(new Credential.Basic("alice", "pa:ss"));
  }

  @Test
  void should_call_undecodable_basic_credentials_malformed() {
    assertThat(extract("/", "Authorization", "Basic %%%")).isInstanceOf(Credential.MalformedBasic.class);
    assertThat(extract("/", "Authorization", basic("no-colon"))).isInstanceOf(Credential.MalformedBasic.class);
  }

  @Test
  void should_prefer_the_bearer_header_to_query_parameters() {
    assertThat(extract("/?access_token=q", "Authorization", "bearer  h1 ")).isEqualTo(
        new Credential.Bearer("h1", Credential.Source.HEADER));
  }

  @Test
  void should_fall_back_to_the_query_when_the_bearer_header_is_blank_or_another_scheme() {
    assertThat(extract("/?access_token=q", "Authorization", "Bearer ")).isEqualTo(
        new Credential.Bearer("q", Credential.Source.QUERY));
    assertThat(extract("/?bearer_token=b", "Authorization", "Token xyz")).isEqualTo(
        new Credential.Bearer("b", Credential.Source.QUERY));
    assertThat(extract("/", "Authorization", "Token xyz")).isInstanceOf(Credential.None.class);
  }

  @Test
  void should_prefer_access_token_to_bearer_token_and_decode_names_like_rack() {
    assertThat(extract("/?bearer_token=b&access%5Ftoken=a%2Bb+c")).isEqualTo(
        new Credential.Bearer("a+b c", Credential.Source.QUERY));
    assertThat(extract("/?page=1;bearer_token=b")).isEqualTo(new Credential.Bearer("b", Credential.Source.QUERY));
  }

  @Test
  void should_refuse_requests_the_upstream_could_read_another_way() {
    assertThat(extract("/?access_token=a&access_token=b")).isInstanceOf(Credential.Ambiguous.class);
    assertThat(extract("/?bearer_token=a&access_token[]=b")).isInstanceOf(Credential.Ambiguous.class);
    assertThat(extract("/", "Authorization", "Bearer a", "Authorization", "Bearer b"))
        .isInstanceOf(Credential.Ambiguous.class);
  }

  @Test
  void should_ignore_blank_token_parameters() {
    assertThat(extract("/?access_token=&bearer_token=b"))
        .isEqualTo(new Credential.Bearer("b", Credential.Source.QUERY));
    assertThat(extract("/?access_token=")).isInstanceOf(Credential.None.class);
  }

  @Test
  void should_never_print_a_secret() {
    assertThat(new Credential.Basic("alice", "s3cret")).asString().doesNotContain("s3cret").doesNotContain("alice");
    assertThat(new Credential.Bearer("t0ken", Credential.Source.QUERY)).asString().doesNotContain("t0ken");
  }
}
