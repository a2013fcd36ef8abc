package org.csgateway.core.server;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP over a raw socket, for what a well-behaved client will not send: oversized heads, bodies that stall. It writes
 * the given text and reads whatever the server sends until the server closes the connection.
 */
public final class RawHttp {
  private final NetClient client;

  public RawHttp(Vertx vertx) {
    this.client = vertx.createNetClient();
  }

  /** Sends the text and returns the server's answer once it closed the connection (at most 10 s). */
  public Response send(int port, String text) {
    return Response.parse(receiveUntilClosed(port, text));
  }

  /** Sends several pipelined requests and returns the last answer (the last must ask to close the connection). */
  public Response sendAndReadLast(int port, String text) {
    Buffer all = receiveUntilClosed(port, text);
    String raw = all.toString(StandardCharsets.ISO_8859_1);
    int last = raw.lastIndexOf("HTTP/1.1 ");
    return Response.parse(Buffer.buffer(raw.substring(last), "ISO-8859-1"));
  }

  private Buffer receiveUntilClosed(int port, String text) {
    Promise<Buffer> received = Promise.promise();
    NetSocket socket = client.connect(port, "127.0.0.1").await();
    Buffer answer = Buffer.buffer();
    socket.handler(answer::appendBuffer);
    socket.closeHandler(closed -> received.tryComplete(answer));
    socket.write(text);
    return received.future().timeout(10, TimeUnit.SECONDS).await();
  }

  /** A parsed HTTP/1.1 response (a Content-Length body, as the gateway's own errors have). */
  public record Response(int status, Map<String, List<String>> headers, String body) {

    static Response parse(Buffer raw) {
      String text = raw.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        throw new AssertionError("no complete response head in: " + text);
      }
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
      return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    }

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }
}
