package org.csgateway.app.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.tls.GatewayCalls.get;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpVersion;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.app.tls.CertificateReloader.Outcome;
import org.csgateway.app.tls.GatewayCalls.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewed certificate served without a restart: the gateway (two proxy instances sharing the port) starts with
 * certificate A; the files are overwritten and a check is triggered with {@link CertificateReloader#checkNow()};
 * new connections then present what the files hold, read from the client side of real handshakes. Broken
 * replacements leave A in place and are logged.
 */
@ExtendWith(VertxExtension.class)
class CertificateReloadTest {
  private static final int CONNECTIONS = 4; // new connections spread over both instances' event loops

  @TempDir
  static Path keys;

  private static TestCertificates.Pair first;
  private static TestCertificates.Pair second;

  @TempDir
  Path served;

  private Path certFile;
  private Path keyFile;
  private TestGateway gateway;
  private CertificateReloader reloader;
  private HttpClient http1;
  private HttpClient h2;
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler logCapture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        warnings.add(record.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeAll
  static void makeCertificates() {
    first = TestCertificates.generate(keys, "first");
    second = TestCertificates.generate(keys, "second");
  }

  @BeforeEach
  void start(Vertx vertx) {
    Logger.getLogger(CertificateReloader.class.getName()).addHandler(logCapture);
    certFile = served.resolve("tls.crt");
    keyFile = served.resolve("tls.key");
    first.copyTo(certFile, keyFile);
    gateway = startGateway(vertx, "0");
    reloader = gateway.application().certificates().orElseThrow();
    int port = gateway.ports().proxy();
    http1 = vertx.createHttpClient(GatewayCalls.http1OverTls(port, first.cert(), second.cert()));
    h2 = vertx.createHttpClient(GatewayCalls.h2OverTls(port, first.cert(), second.cert()));
  }

  private TestGateway startGateway(Vertx vertx, String reloadCheck) {
    return TestGateway.start(vertx, """
        server:
          host: 127.0.0.1
          port: 0
          instances: 2
          tls: {enabled: true, certFile: '%s', keyFile: '%s', reloadCheck: %s}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        """.formatted(certFile, keyFile, reloadCheck));
  }

  @AfterEach
  void stop() {
    Logger.getLogger(CertificateReloader.class.getName()).removeHandler(logCapture);
    http1.close().await();
    h2.close().await();
    gateway.close();
  }

  /** The serial numbers the gateway presented on that many new connections. */
  private List<BigInteger> servedSerials() {
    return java.util.stream.IntStream.range(0, CONNECTIONS).mapToObj(i -> {
      Reply reply = get(http1, "/api/projects?per_page=1");
      assertThat(reply.status()).isEqualTo(200);
      return reply.peer().getSerialNumber();
    }).toList();
  }

  @Test
  void should_present_the_new_certificate_on_new_connections_when_the_files_change() {
    assertThat(servedSerials()).containsOnly(first.serial());

    second.copyTo(certFile, keyFile);
    assertThat(reloader.checkNow().await()).isEqualTo(Outcome.RELOADED);

    assertThat(servedSerials()).containsOnly(second.serial());
    assertThat(reloader.served().leaf().getSerialNumber()).isEqualTo(second.serial());
  }

  @Test
  void should_still_negotiate_h2_when_the_certificate_was_reloaded() {
    second.copyTo(certFile, keyFile);
    assertThat(reloader.checkNow().await()).isEqualTo(Outcome.RELOADED);

    Reply reply = get(h2, "/api/projects?per_page=1");

    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.peer().getSerialNumber()).isEqualTo(second.serial());
  }

  @Test
  void should_change_nothing_when_the_files_are_the_same() {
    assertThat(reloader.checkNow().await()).isEqualTo(Outcome.UNCHANGED);

    TestCertificates.copy(first.cert(), certFile); // rewritten with the same bytes
    assertThat(reloader.checkNow().await()).isEqualTo(Outcome.UNCHANGED);
    assertThat(servedSerials()).containsOnly(first.serial());
    assertThat(warnings).isEmpty();
  }

  @Test
  void should_keep_the_old_certificate_and_log_when_the_new_key_does_not_parse() {
    TestCertificates.copy(second.cert(), certFile);
    TestCertificates.write(keyFile, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

    assertThat(reloader.checkNow().await()).isEqualTo(Outcome.REJECTED);
    assertThat(servedSerials()).containsOnly(first.serial());
    assertThat(warnings).singleElement().asString().contains(keyFile.toString()).contains("not a PEM private key");

    assertThat(reloader.checkNow().await()).as("the same broken files again").isEqualTo(Outcome.UNCHANGED);
    assertThat(warnings).as("logged once").hasSize(1);

    TestCertificates.copy(second.key(), keyFile); // the key finally written
    assertThat(reloader.checkNow().await()).isEqualTo(Outcome.RELOADED);
    assertThat(servedSerials()).containsOnly(second.serial());
  }

  @Test
  void should_keep_the_old_certificate_when_the_key_belongs_to_another_certificate() {
    TestCertificates.copy(second.cert(), certFile); // the key file still holds the first key

    assertThat(reloader.checkNow().await()).isEqualTo(Outcome.REJECTED);
    assertThat(servedSerials()).containsOnly(first.serial());
    assertThat(warnings).singleElement().asString().contains(keyFile.toString())
        .contains("is not the private key of the certificate");
  }

  @Test
  void should_keep_the_old_certificate_when_a_file_is_gone() throws IOException {
    Files.delete(keyFile);

    assertThat(reloader.checkNow().await()).isEqualTo(Outcome.REJECTED);
    assertThat(servedSerials()).containsOnly(first.serial());
    assertThat(warnings).singleElement().asString().contains("cannot be read");

    first.copyTo(certFile, keyFile); // back as it was
    assertThat(reloader.checkNow().await()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void should_check_the_files_by_itself_when_reload_check_is_set(Vertx vertx) {
    gateway.close();
    gateway = startGateway(vertx, "50ms");
    CertificateReloader timed = gateway.application().certificates().orElseThrow();
    HttpClient client = vertx.createHttpClient(
        GatewayCalls.http1OverTls(gateway.ports().proxy(), first.cert(), second.cert()));
    try {
      second.copyTo(certFile, keyFile);

      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!timed.served().leaf().getSerialNumber().equals(second.serial()) && System.nanoTime() < deadline) {
        vertx.timer(20).await(); // the periodic check runs on the gateway's own timer
      }
      assertThat(get(client, "/api/projects?per_page=1").peer().getSerialNumber()).isEqualTo(second.serial());
    } finally {
      client.close().await();
    }
  }
}
