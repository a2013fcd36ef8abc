package org.csgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The method of a head that timed out, from the first bytes kept of it. */
class HeadMethodTest {
  private static String methodOf(String firstRead) {
    ByteBuf bytes = Unpooled.copiedBuffer(firstRead, StandardCharsets.ISO_8859_1);
    int readerIndex = bytes.readerIndex();
    String method = HeadMethod.of(HeadMethod.firstBytes(bytes));
    assertThat(bytes.readerIndex()).as("the bytes are left for the decoder").isEqualTo(readerIndex);
    bytes.release();
    return method;
  }

  @Test
  void should_name_the_standard_method_when_the_first_bytes_start_with_it_and_a_space() {
    assertThat(methodOf("GET /api/projects HTTP/1.1\r\n")).isEqualTo("GET");
    assertThat(methodOf("OPTIONS * HTTP/1.1\r\n")).isEqualTo("OPTIONS");
    assertThat(methodOf("PUT /")).isEqualTo("PUT");
    assertThat(methodOf("DELETE ")).isEqualTo("DELETE");
  }

  @Test
  void should_say_other_when_the_first_bytes_name_no_standard_method_or_too_little_of_one() {
    assertThat(methodOf("FOO /x HTTP/1.1\r\n")).isEqualTo("OTHER");
    assertThat(methodOf("PROPFIND /x HTTP/1.1\r\n")).isEqualTo("OTHER");
    assertThat(methodOf("GE")).isEqualTo("OTHER");
    assertThat(methodOf("get /x")).isEqualTo("OTHER");
    assertThat(methodOf("\r\nGET /")).isEqualTo("OTHER");
  }
}
