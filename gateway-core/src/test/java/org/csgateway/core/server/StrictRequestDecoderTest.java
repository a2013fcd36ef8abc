package org.csgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder on a connection of its own: what it makes of bytes framed both ways and of what follows them. */
class StrictRequestDecoderTest {
  private static final String SMUGGLED = "GET /api/projects?smuggled=1 HTTP/1.1\r\nHost: gw\r\n\r\n";

  @Test
  void should_fail_a_request_framed_both_ways_and_decode_nothing_after_it() {
    List<HttpRequest> requests = decode("POST /api/projects HTTP/1.1\r\nHost: gw\r\nContent-Length: 60\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED);

    assertThat(requests).singleElement().satisfies(request -> {
      assertThat(request.decoderResult().cause()).isInstanceOf(StrictRequestDecoder.AmbiguousFramingException.class);
      assertThat(request.uri()).isEqualTo("/api/projects");
    });
  }

  @Test
  void should_decode_pipelined_requests_that_are_framed_one_way() {
    List<HttpRequest> requests = decode(
        "POST /api/projects HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED);

    assertThat(requests).extracting(HttpRequest::uri).containsExactly("/api/projects", "/api/projects?smuggled=1");
    assertThat(requests).allSatisfy(request -> assertThat(request.decoderResult().isSuccess()).isTrue());
  }

  private static List<HttpRequest> decode(String bytes) {
    EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestDecoder(new HttpServerOptions()));
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    List<HttpRequest> requests = new ArrayList<>();
    for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
      if (message instanceof HttpRequest request) {
        requests.add(request);
      }
      ReferenceCountUtil.release(message);
    }
    channel.finishAndReleaseAll();
    return requests;
  }
}
