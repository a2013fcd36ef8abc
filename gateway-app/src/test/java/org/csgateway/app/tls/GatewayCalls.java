package org.csgateway.app.tls;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.csgateway.app.sandbox.SandboxIdentities;

/** Requests to a gateway with a real Vert.x HTTP client, and what came back, protocol and certificate included. */
final class GatewayCalls {
  /** The demo caller's Basic credential, which the sandbox knows. */
  static final String DEMO_BASIC = basic(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET);

  private GatewayCalls() {}

  /**
   * An answer as the client saw it.
   *
   * @param peer the certificate the server presented on this connection, null over cleartext
   */
  record Reply(HttpVersion version, int status, MultiMap headers, Buffer body, X509Certificate peer) {}

  /** A Basic Authorization header value. */
  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A client speaking HTTP/2 through ALPN (HTTP/1.1 when the server does not offer h2), trusting these certs. */
  static HttpClientOptions h2OverTls(int port, Path... trusted) {
    return tls(port, trusted).setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true);
  }

  /** A client speaking HTTP/1.1 over TLS (no ALPN), trusting these certificates, a new connection per request. */
  static HttpClientOptions http1OverTls(int port, Path... trusted) {
    return tls(port, trusted).setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(false);
  }

  /** A cleartext HTTP/2 client: with prior knowledge, or through the HTTP/1.1 {@code Upgrade: h2c}. */
  static HttpClientOptions h2c(int port, boolean upgrade) {
    return new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(upgrade);
  }

  /** A cleartext HTTP/1.1 client. */
  static HttpClientOptions http1(int port) {
    return new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setProtocolVersion(HttpVersion.HTTP_1_1);
  }

  private static HttpClientOptions tls(int port, Path... trusted) {
    PemTrustOptions trust = new PemTrustOptions();
    for (Path cert : trusted) {
      trust.addCertPath(cert.toString());
    }
    // The certificates are issued to localhost and the gateway listens on 127.0.0.1: trust is pinned instead.
    return new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setSsl(true).setVerifyHost(false).setTrustOptions(trust);
  }

  /** GET as the demo caller. */
  static Reply get(HttpClient client, String uri) {
    return send(client, HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap(), null);
  }

  /** Sends a request as the demo caller (unless headers set Authorization) and reads the whole answer. */
  static Reply send(HttpClient client, HttpMethod method, String uri, MultiMap headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    options.putHeader("Authorization", DEMO_BASIC).putHeader("Accept", "application/json");
    headers.forEach(options::putHeader);
    return client.request(options)
        .compose(request -> (body == null ? request.send() : request.send(body)).compose(response -> {
          List<Certificate> peer = response.request().connection().isSsl()
              ? peerCertificates(response.request().connection()) : List.of();
          X509Certificate leaf = peer.isEmpty() ? null : (X509Certificate) peer.get(0);
          return response.body().map(content ->
              new Reply(response.version(), response.statusCode(), response.headers(), content, leaf));
        }))
        .await();
  }

  /** Sends a body in two writes without Content-Length (chunked on HTTP/1.1, two DATA frames on HTTP/2). */
  static Reply sendChunked(HttpClient client, HttpMethod method, String uri, MultiMap headers, Buffer first,
      Buffer second) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    options.putHeader("Accept", "application/json");
    headers.forEach(options::putHeader);
    return client.request(options).compose(request -> {
      request.setChunked(true);
      Future<Reply> reply = request.response().compose(response -> response.body().map(content ->
          new Reply(response.version(), response.statusCode(), response.headers(), content, null)));
      return request.write(first).compose(written -> request.end(second)).compose(ended -> reply);
    }).await();
  }

  private static List<Certificate> peerCertificates(io.vertx.core.http.HttpConnection connection) {
    try {
      return connection.peerCertificates();
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    }
  }
}
