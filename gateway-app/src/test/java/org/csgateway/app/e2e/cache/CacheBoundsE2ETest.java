package org.csgateway.app.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.cache.CacheGateway.DEMO;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.csgateway.cache.ResponseCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, "the byte bound holds with many entries, and an oversized response passes through uncached": a cache
 * of {@value #MAX_BYTES} bytes filled with far more than that, and a page larger than {@code maxEntryBytes}.
 */
@ExtendWith(VertxExtension.class)
class CacheBoundsE2ETest {
  private static final long MAX_BYTES = 12_288;
  private static final long MAX_ENTRY_BYTES = 4_096;
  /** All 75 of demo's projects on one page: far more than {@link #MAX_ENTRY_BYTES}. */
  private static final String LARGE_PAGE = "/api/projects?per_page=100";

  private CacheGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = CacheGateway.start(vertx, "cache: {enabled: true, maxBytes: " + MAX_BYTES + ", maxEntryBytes: "
        + MAX_ENTRY_BYTES + ", families: {projects: 5m}}\n");
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void should_stay_within_max_bytes_when_far_more_pages_are_cached_than_fit() {
    List<String> pages = new ArrayList<>();
    for (int perPage = 1; perPage <= 2; perPage++) {
      for (int page = 1; (page - 1) * perPage < 75; page++) {
        pages.add("/api/projects?per_page=" + perPage + "&page=" + page);
      }
    }
    long filled = 0;
    for (String page : pages) {
      Reply reply = gateway.get(page, DEMO);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.cache()).isEqualTo("MISS");
      filled += reply.body().length();
    }
    assertThat(filled).as("the bodies alone exceed the bound").isGreaterThan(MAX_BYTES);

    JsonObject stats = gateway.cacheStats();
    assertThat(stats.getLong("bytes")).isPositive().isLessThanOrEqualTo(MAX_BYTES);
    assertThat(stats.getLong("entries")).isPositive().isLessThan(pages.size());

    // Evicted entries went; what is still answered from the cache is the caller's own page, unchanged.
    gateway.sandbox().stats().reset();
    int hits = 0;
    for (String page : pages) {
      Reply again = gateway.get(page, DEMO);
      assertThat(again.body()).isEqualTo(gateway.direct(page, DEMO).body());
      hits += "HIT".equals(again.cache()) ? 1 : 0;
    }
    assertThat(hits).isPositive().isLessThan(pages.size());
    assertThat(gateway.cacheStats().getLong("bytes")).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void should_store_a_new_page_of_a_full_cache_only_when_it_is_read_again_until_the_bound_stops_evicting() {
    for (int page = 1; !gateway.cacheStats().getBoolean("full"); page++) {
      assertThat(page).as("the bound evicts within the first pages").isLessThan(75);
      assertThat(gateway.get("/api/projects?per_page=1&page=" + page, DEMO).cache()).isEqualTo("MISS");
    }
    gateway.sandbox().stats().reset();
    String fresh = "/api/projects?per_page=2&page=1";

    List<String> whileFull = List.of(gateway.get(fresh, DEMO).cache(), gateway.get(fresh, DEMO).cache(),
        gateway.get(fresh, DEMO).cache());
    JsonObject stats = gateway.cacheStats();

    assertThat(whileFull).containsExactly("MISS", "MISS", "HIT");
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(2);
    assertThat(stats.getLong("declined")).isEqualTo(1);
    assertThat(stats.getLong("bytes")).isLessThanOrEqualTo(MAX_BYTES);

    // A full window without the bound evicting: first answers are stored at once again.
    gateway.advance(ResponseCache.FULL_WINDOW.plusMillis(1));
    String later = "/api/projects?per_page=2&page=2";
    List<String> afterwards = List.of(gateway.get(later, DEMO).cache(), gateway.get(later, DEMO).cache());
    assertThat(afterwards).containsExactly("MISS", "HIT");
    assertThat(gateway.cacheStats().getLong("declined")).isEqualTo(1);
  }

  @Test
  void should_pass_an_oversized_page_through_intact_and_uncached() {
    Reply truth = gateway.direct(LARGE_PAGE, DEMO);
    assertThat(truth.body().length()).as("the page is oversized").isGreaterThan((int) MAX_ENTRY_BYTES);
    gateway.sandbox().stats().reset();

    Reply first = gateway.get(LARGE_PAGE, DEMO);
    Reply second = gateway.get(LARGE_PAGE, DEMO);

    for (Reply reply : List.of(first, second)) {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.cache()).isEqualTo("MISS");
      assertThat(reply.body()).isEqualTo(truth.body());
      assertThat(reply.header("ETag")).isEqualTo(truth.header("ETag"));
    }
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(2);
    assertThat(gateway.cacheStats().getLong("entries")).isZero();
  }
}
