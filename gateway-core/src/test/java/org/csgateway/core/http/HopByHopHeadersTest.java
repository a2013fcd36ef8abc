package org.csgateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {

  @Test
  void should_remove_the_fixed_hop_by_hop_headers_when_present() {
    MultiMap headers = HttpHeaders.headers()
        .add("Connection", "keep-alive").add("Keep-Alive", "timeout=5").add("Proxy-Connection", "keep-alive")
        .add("TE", "trailers").add("Trailer", "X-Sum").add("Transfer-Encoding", "chunked").add("Upgrade", "h2c")
        .add("Content-Type", "application/json");

    HopByHopHeaders.strip(headers);

    assertThat(headers.names()).containsExactly("Content-Type");
  }

  @Test
  void should_remove_every_header_named_by_connection_when_listed_in_one_or_several_values() {
    MultiMap headers = HttpHeaders.headers()
        .add("Connection", "X-A , x-b").add("connection", "X-C").add("X-A", "1").add("X-B", "2").add("x-c", "3")
        .add("X-D", "4");

    HopByHopHeaders.strip(headers);

    assertThat(headers.names()).containsExactly("X-D");
  }

  @Test
  void should_remove_every_proxy_header_whatever_its_case() {
    MultiMap headers = HttpHeaders.headers()
        .add("Proxy-Authorization", "Basic eA==").add("proxy-authenticate", "Basic").add("PROXY-Anything", "1")
        .add("X-Proxy-Info", "kept").add("Authorization", "Bearer t");

    HopByHopHeaders.strip(headers);

    assertThat(headers.names()).containsExactlyInAnyOrder("X-Proxy-Info", "Authorization");
  }

  @Test
  void should_remove_a_header_named_by_connection_when_it_comes_before_the_connection_header() {
    MultiMap headers = HttpHeaders.headers()
        .add("X-Secret", "1").add("Te", "trailers").add("CONNECTION", "x-secret, Close, X-Absent").add("TEE", "kept")
        .add("Trailers", "kept").add("Transfer-Encodings", "kept").add("Proxy", "kept");

    HopByHopHeaders.strip(headers);

    assertThat(headers.names()).containsExactlyInAnyOrder("TEE", "Trailers", "Transfer-Encodings", "Proxy");
  }

  @Test
  void should_strip_maps_that_are_not_vertx_header_maps_when_given_an_adaptor() {
    // the upstream response's headers reach the gateway in this shape
    MultiMap headers = new HeadersAdaptor(new DefaultHttpHeaders()).add("Upgrade", "h2c").add("Accept", "*/*");

    HopByHopHeaders.strip(headers);

    assertThat(headers.names()).containsExactly("Accept");
  }

  @Test
  void should_leave_headers_alone_when_there_is_nothing_hop_by_hop() {
    MultiMap headers = HttpHeaders.headers().add("Accept", "application/json").add("Link", "<x>; rel=next");

    HopByHopHeaders.strip(headers);

    assertThat(headers.size()).isEqualTo(2);
  }
}
