package org.csgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BrokenBodyAnswer} on Netty's embedded channel, whose clock the test moves: the close Vert.x makes when a body
 * fails to decode waits for the answer's last part, a second close, or the bound, and no other close waits at all.
 * That the 400 then reaches a real client is {@code OversizedRequestTest}'s to show.
 */
class BrokenBodyAnswerTest {
  private static final long BOUND_MILLIS = 1_000;
  private EmbeddedChannel channel;

  @BeforeEach
  void open() {
    channel = new EmbeddedChannel(new BrokenBodyAnswer(BOUND_MILLIS));
    channel.freezeTime();
  }

  @Test
  void should_hold_the_close_after_a_broken_body_until_the_answers_last_part_is_written() {
    channel.writeInbound(brokenBody());
    ChannelFuture close = close();

    assertThat(channel.isOpen()).as("held for the answer").isTrue();
    channel.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST));
    assertThat(channel.isOpen()).as("the head alone is not the answer's end").isTrue();
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);

    assertThat(channel.isOpen()).isFalse();
    assertThat(close.isSuccess()).isTrue();
    assertThat(channel.<Object>readOutbound()).isInstanceOf(DefaultHttpResponse.class);
    assertThat(channel.<Object>readOutbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(channel.runScheduledPendingTasks()).as("the bound's timer is gone").isEqualTo(-1);
  }

  @Test
  void should_close_when_the_bound_passes_if_no_answer_comes() {
    channel.writeInbound(brokenBody());
    ChannelFuture close = close();

    channel.advanceTimeBy(BOUND_MILLIS - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();

    assertThat(channel.isOpen()).isFalse();
    assertThat(close.isSuccess()).isTrue();
  }

  @Test
  void should_let_a_second_close_through_and_complete_the_held_one_with_it() {
    channel.writeInbound(brokenBody());
    ChannelFuture held = close();
    ChannelFuture second = close();

    assertThat(channel.isOpen()).isFalse();
    assertThat(held.isSuccess()).isTrue();
    assertThat(second.isSuccess()).isTrue();
    assertThat(channel.runScheduledPendingTasks()).as("the bound's timer is gone").isEqualTo(-1);
  }

  @Test
  void should_close_at_once_when_no_body_failed() {
    channel.writeInbound(new DefaultLastHttpContent());

    assertThat(close().isSuccess()).isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void should_close_at_once_when_the_answer_ended_before_the_close_came() {
    channel.writeInbound(brokenBody());
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);

    assertThat(close().isSuccess()).isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  /** Closes as Vert.x does, through the pipeline: the embedded channel's own close() cancels every scheduled task. */
  private ChannelFuture close() {
    return channel.pipeline().close();
  }

  private static LastHttpContent brokenBody() {
    LastHttpContent content = new DefaultLastHttpContent();
    content.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("invalid chunk size")));
    return content;
  }
}
