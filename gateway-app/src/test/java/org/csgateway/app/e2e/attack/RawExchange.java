package org.csgateway.app.e2e.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact bytes over a blocking loopback socket, for what no well-behaved client sends: the bytes are written as
 * given, and what the server sends back is read until it closes the connection or stays silent for {@code quiet}
 * (bounded, so a test never hangs on a server that neither answers nor closes). Used on the test thread only.
 *
 * @param raw everything received, as ISO-8859-1 text
 * @param closed whether the server closed (or reset) the connection before the quiet period ran out
 */
record RawExchange(String raw, boolean closed) {
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

  /** Sends the text (ISO-8859-1, so every byte is exactly as written) and reads the answer. */
  static RawExchange send(int port, String text, Duration quiet) {
    return send(port, text.getBytes(StandardCharsets.ISO_8859_1), quiet);
  }

  static RawExchange send(int port, byte[] bytes, Duration quiet) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) quiet.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(bytes);
        out.flush();
      } catch (SocketException closedWhileWriting) {
        // the server may refuse and close before it has read everything: read what it answered
      }
      return readUntilClosed(socket.getInputStream());
    } catch (IOException e) {
      throw new AssertionError("loopback exchange failed: " + e, e);
    }
  }

  private static RawExchange readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    boolean closed;
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException quiet) {
        closed = false;
        break;
      } catch (SocketException reset) {
        closed = true;
        break;
      }
      if (n < 0) {
        closed = true;
        break;
      }
      received.write(buffer, 0, n);
    }
    return new RawExchange(received.toString(StandardCharsets.ISO_8859_1), closed);
  }

  /** The status codes of every response head in what was received, in order. */
  List<Integer> statuses() {
    List<Integer> statuses = new ArrayList<>();
    Matcher matcher = STATUS_LINE.matcher(raw);
    while (matcher.find()) {
      statuses.add(Integer.parseInt(matcher.group(1)));
    }
    return statuses;
  }

  /** The head of the first response (up to the blank line), or everything if there is none. */
  String firstHead() {
    int end = raw.indexOf("\r\n\r\n");
    return end < 0 ? raw : raw.substring(0, end);
  }

  /** The body of the first response, assuming it is the last thing received (the gateway's errors close). */
  String firstBody() {
    int end = raw.indexOf("\r\n\r\n");
    return end < 0 ? "" : raw.substring(end + 4);
  }
}
