package org.csgateway.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.csgateway.app.config.IoTransport;
import org.csgateway.app.metrics.VertxMetrics;

/**
 * The process's Vert.x instance: built on the I/O transport {@code server.transport} chooses, and reporting Vert.x's
 * own metrics into the gateway's registry when there is one. Only the entry point builds it (tests aside): both are
 * fixed when Vert.x is built, before the gateway starts in it.
 */
public final class GatewayVertx {
  /**
   * {@code auto}'s order, fastest first: io_uring served cache hits 1.39x faster than epoll on the bench machine, epoll
   * 1.06x faster than NIO. io_uring does not load where the kernel lacks it or a seccomp profile refuses it (most
   * container runtimes' default), and then epoll is taken.
   */
  private static final List<Transport> AUTO_ORDER = List.of(Transport.IO_URING, Transport.EPOLL, Transport.NIO);

  private GatewayVertx() {
  }

  /**
   * The transport {@code server.transport} asks for, if it loads here.
   *
   * @throws IllegalStateException naming the transport and why it does not load, when one was named that does not
   */
  public static Transport transport(IoTransport wanted) {
    return transport(wanted, Transport::available);
  }

  static Transport transport(IoTransport wanted, Predicate<Transport> available) {
    Transport named = wanted == IoTransport.AUTO
        ? AUTO_ORDER.stream().filter(available).findFirst().orElse(Transport.NIO) : wanted.named();
    if (!available.test(named)) {
      Throwable cause = named.unavailabilityCause();
      throw new IllegalStateException("server.transport " + wanted.configName() + " is not available here"
          + (cause == null ? "" : ": " + cause) + " (auto takes the best one that is)");
    }
    return named;
  }

  /**
   * Why {@code auto} passed over the transports before the one it took, e.g. "io_uring: ..."; empty if it took the
   * first, or if the transport was named rather than chosen.
   */
  public static String passedOver(IoTransport wanted, Transport chosen) {
    if (wanted != IoTransport.AUTO) {
      return "";
    }
    StringBuilder reasons = new StringBuilder();
    for (Transport candidate : AUTO_ORDER) {
      if (candidate == chosen) {
        break;
      }
      reasons.append(reasons.isEmpty() ? "" : "; ").append(candidate.name()).append(": ")
          .append(candidate.unavailabilityCause());
    }
    return reasons.toString();
  }

  /**
   * A Vert.x instance on this transport, reporting into this registry, or without metrics for null.
   *
   * @param vertxHttp whether Vert.x's HTTP server and client meters are included
   */
  public static Vertx create(Transport transport, PrometheusMeterRegistry registry, boolean vertxHttp) {
    VertxBuilder builder = Vertx.builder().withTransport(transport);
    if (registry != null) {
      builder.with(new VertxOptions().setMetricsOptions(VertxMetrics.options(vertxHttp)))
          .withMetrics(new MicrometerMetricsFactory(registry));
    }
    return builder.build();
  }

  /** The event loops of this Vert.x instance, the ones its verticles and servers run on. */
  public static List<Executor> eventLoops(Vertx vertx) {
    List<Executor> loops = new ArrayList<>();
    ((VertxInternal) vertx).nettyEventLoopGroup().forEach(loops::add);
    return List.copyOf(loops);
  }
}
