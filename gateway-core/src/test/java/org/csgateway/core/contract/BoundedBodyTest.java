package org.csgateway.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

  @Test
  void should_read_the_whole_body_when_it_fits() {
    BoundedBody body = BoundedBody.read(InMemoryReadStream.of("ab", "cd"), 4).result();

    assertThat(body.complete()).isTrue();
    assertThat(body.bytes().toString()).isEqualTo("abcd");
  }

  @Test
  void should_stop_reading_after_the_chunk_that_crosses_the_limit() {
    InMemoryReadStream source = InMemoryReadStream.of("ab", "cd", "ef", "gh");

    BoundedBody body = BoundedBody.read(source, 3).result();

    assertThat(body.complete()).isFalse();
    assertThat(body.bytes().toString()).isEqualTo("abcd");
    assertThat(source.delivered()).isEqualTo(2);
  }

  @Test
  void should_fail_when_the_stream_fails_before_its_end() {
    assertThat(BoundedBody.read(InMemoryReadStream.failingAfter(new IOException("reset"), "ab"), 10).cause())
        .hasMessage("reset");
  }

  @Test
  void should_replay_prefix_then_rest_honouring_demand_when_read_one_chunk_at_a_time() {
    InMemoryReadStream source = InMemoryReadStream.of("ab", "cd", "ef", "gh");
    ReadStream<Buffer> replay = BoundedBody.read(source, 3).result().replay();
    List<String> received = new ArrayList<>();
    boolean[] ended = {false};
    replay.handler(chunk -> received.add(chunk.toString()));
    replay.endHandler(v -> ended[0] = true);

    assertThat(received).isEmpty();
    replay.fetch(1);
    assertThat(received).containsExactly("abcd");
    assertThat(source.delivered()).isEqualTo(2);
    replay.fetch(1);
    assertThat(received).containsExactly("abcd", "ef");
    replay.pause();
    replay.fetch(0);
    assertThat(received).hasSize(2);
    replay.resume();
    assertThat(received).containsExactly("abcd", "ef", "gh");
    assertThat(ended[0]).isTrue();
  }

  @Test
  void should_stop_after_the_prefix_when_the_consumer_pauses_inside_its_handler() {
    InMemoryReadStream source = InMemoryReadStream.of("ab", "cd", "ef");
    ReadStream<Buffer> replay = BoundedBody.read(source, 1).result().replay();
    List<String> received = new ArrayList<>();
    replay.handler(chunk -> {
      received.add(chunk.toString());
      replay.pause();
    });

    replay.resume();
    assertThat(received).containsExactly("ab");
    replay.resume();
    assertThat(received).containsExactly("ab", "cd");
  }
}
