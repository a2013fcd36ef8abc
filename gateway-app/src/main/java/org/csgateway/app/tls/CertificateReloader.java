package org.csgateway.app.tls;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.ServerSSLOptions;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Serves a renewed certificate without a restart: reads the configured PEM files (through Vert.x's non-blocking
 * file system) on every {@link #checkNow()}, which a periodic timer calls every {@code reloadCheck}, and when their
 * content changed and parses as a matching pair, hands every proxy server the new pair with
 * {@link HttpServer#updateSSLOptions}. Connections made afterwards get the new certificate; open ones keep theirs.
 * A pair that does not parse, a key that is not the certificate's, or a file that cannot be read is logged once
 * (per distinct problem) and the served certificate stays. Checks do not overlap: one asked for while another runs
 * gets that one's outcome.
 */
public final class CertificateReloader implements AutoCloseable {
  private static final Logger LOG = System.getLogger(CertificateReloader.class.getName());

  /** What a check did. */
  public enum Outcome {
    /** The files hold what was already seen: nothing to do. */
    UNCHANGED,
    /** The files changed and every server now serves the new pair. */
    RELOADED,
    /** The files changed (or could not be read) and the served pair stays; the reason was logged. */
    REJECTED
  }

  private final Vertx vertx;
  private final ServerTlsConfig tls;
  private final boolean http2;
  private final Supplier<? extends Collection<HttpServer>> servers;
  private PemKeyPair served;
  private Buffer[] seen;
  private String lastProblem;
  private Future<Outcome> running;
  private long timer = -1;

  /**
   * @param tls the files and the check interval; must be enabled
   * @param http2 whether the servers offer h2 through ALPN (kept on reload)
   * @param servers the running proxy servers, asked on every reload (instances may come and go)
   */
  public CertificateReloader(Vertx vertx, ServerTlsConfig tls, boolean http2,
      Supplier<? extends Collection<HttpServer>> servers) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.tls = Objects.requireNonNull(tls, "tls");
    this.http2 = http2;
    this.servers = Objects.requireNonNull(servers, "servers");
    if (!tls.enabled()) {
      throw new IllegalArgumentException("tls must be enabled to watch its files");
    }
  }

  /**
   * Reads the files the servers started with, as the baseline later checks compare with, and starts the periodic
   * check unless {@code reloadCheck} is 0.
   */
  public Future<Void> start() {
    return readFiles().map(content -> {
      synchronized (this) {
        seen = content;
        try {
          served = PemKeyPair.parse(content[0], content[1]);
        } catch (PemKeyPair.InvalidPairException e) {
          served = null; // changed since validation: the next valid content is a change
        }
        if (tls.reloads()) {
          timer = vertx.setPeriodic(tls.reloadCheck().toMillis(), id -> checkNow());
        }
      }
      return null;
    });
  }

  /** Reads the files now and serves them if they changed and are valid (the timer only calls this). */
  public Future<Outcome> checkNow() {
    Promise<Outcome> outcome;
    synchronized (this) {
      if (running != null) {
        return running;
      }
      outcome = Promise.promise();
      running = outcome.future();
    }
    readFiles().compose(this::consider, this::unreadable).onComplete(result -> {
      synchronized (this) {
        running = null;
      }
      outcome.handle(result);
    });
    return outcome.future();
  }

  /** The pair being served, or null when the files were broken at start. */
  public synchronized PemKeyPair served() {
    return served;
  }

  @Override
  public synchronized void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private Future<Buffer[]> readFiles() {
    FileSystem files = vertx.fileSystem();
    Future<Buffer> certificate = files.readFile(tls.certFile().toString());
    Future<Buffer> key = files.readFile(tls.keyFile().toString());
    return Future.all(certificate, key).map(both -> new Buffer[] {certificate.result(), key.result()});
  }

  private Future<Outcome> consider(Buffer[] content) {
    PemKeyPair pair;
    synchronized (this) {
      boolean seenBefore = seen != null && seen[0].equals(content[0]) && seen[1].equals(content[1]);
      seen = content;
      if (seenBefore || served != null && served.sameContent(content[0], content[1])) {
        return Future.succeededFuture(Outcome.UNCHANGED);
      }
      try {
        pair = PemKeyPair.parse(content[0], content[1]);
      } catch (PemKeyPair.InvalidPairException e) {
        Path file = e.part() == PemKeyPair.Part.KEY ? tls.keyFile() : tls.certFile();
        problem("TLS files changed but cannot be served, keeping " + describeServed() + ": '" + file + "' "
            + e.getMessage());
        return Future.succeededFuture(Outcome.REJECTED);
      }
    }
    return update(pair);
  }

  private Future<Outcome> update(PemKeyPair pair) {
    ServerSSLOptions options = ServerProtocols.sslOptions(pair, http2);
    List<Future<Boolean>> updates = new ArrayList<>();
    for (HttpServer server : servers.get()) {
      updates.add(server.updateSSLOptions(options));
    }
    return Future.all(updates).map(done -> {
      synchronized (this) {
        served = pair;
        lastProblem = null;
      }
      LOG.log(Level.INFO, "TLS certificate reloaded on {0} server(s): now serving {1}",
          String.valueOf(updates.size()), pair.describe());
      return Outcome.RELOADED;
    }).recover(failure -> {
      synchronized (this) {
        seen = null; // try again at the next check
      }
      problem("TLS certificate update failed, keeping " + describeServed() + ": " + failure);
      return Future.succeededFuture(Outcome.REJECTED);
    });
  }

  private Future<Outcome> unreadable(Throwable failure) {
    synchronized (this) {
      seen = null; // whatever comes back is compared with the served pair again
      problem("TLS files cannot be read, keeping " + describeServed() + ": " + failure.getMessage());
    }
    return Future.succeededFuture(Outcome.REJECTED);
  }

  private synchronized void problem(String message) {
    if (!message.equals(lastProblem)) {
      lastProblem = message;
      LOG.log(Level.WARNING, message);
    }
  }

  private synchronized String describeServed() {
    return served == null ? "the certificate the listener started with" : "the certificate " + served.describe();
  }
}
