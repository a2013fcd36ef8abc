package org.csgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.csgateway.cache.HeaderAuthentication.ALICE;
import static org.csgateway.cache.HeaderAuthentication.ALICE_MORE_SCOPES;
import static org.csgateway.cache.HeaderAuthentication.BOB;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.csgateway.cache.GatewayClient.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cache through real HTTP: a client, a miniature gateway and a counting upstream, with a fake ticker. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ResponseCacheFilterTest {
  private static final String AUTH = "Authorization";
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private Vertx vertx;
  private TestUpstream upstream;
  private int upstreamPort;
  private ResponseCache cache;
  private TestGateway gateway;
  private GatewayClient client;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    upstream = new TestUpstream(vertx);
    upstreamPort = upstream.start();
    startGateway(config(Duration.ofSeconds(10), 1));
  }

  /**
   * 1 MiB of entries up to 64 KiB each, 5 minutes of stale retention, up to 1,000 waiters per key, the default
   * {@code minUsesWhenFull}.
   */
  private static CacheConfig config(Duration waitTimeout, int minUses) {
    return new CacheConfig(1024 * 1024, 64 * 1024, Duration.ofMinutes(5), waitTimeout, 1000, minUses,
        CacheConfig.DEFAULT_MIN_USES_WHEN_FULL, TestGateway.policy());
  }

  /** 64 KiB of entries up to 8 KiB each: a few dozen pages padded to 2,000 bytes fill it. */
  private static CacheConfig smallConfig(int minUsesWhenFull) {
    return new CacheConfig(64 * 1024, 8 * 1024, Duration.ZERO, Duration.ofSeconds(10), 1000, 1, minUsesWhenFull,
        TestGateway.policy());
  }

  private void startGateway(CacheConfig config) {
    cache = new ResponseCache(config, clock::get, Runnable::run);
    gateway = new TestGateway(vertx, upstreamPort, cache, EvictionBus.localOnly());
    client = new GatewayClient(vertx, gateway.start());
  }

  private void advance(Duration duration) {
    clock.addAndGet(duration.toNanos());
  }

  /** Sends the same GET as Alice {@code count} times at once and waits for every answer. */
  private List<Reply> sendConcurrently(int count, String uri) {
    List<Future<Reply>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pending.add(client.send(HttpMethod.GET, uri, AUTH, ALICE));
    }
    Future.all(pending).timeout(20, java.util.concurrent.TimeUnit.SECONDS).await();
    return pending.stream().map(Future::result).toList();
  }

  /** As {@link #sendConcurrently}, with the upstream held until the gateway has received all of them. */
  private List<Reply> sendTogether(int count, String uri) {
    upstream.closeGate();
    gateway.whenReceived(count, upstream::openGate);
    return sendConcurrently(count, uri);
  }

  @Nested
  class Isolation {
    @Test
    void should_give_each_caller_their_own_data_when_both_request_the_same_url() {
      Reply aliceFirst = client.get("/api/projects?page=1", AUTH, ALICE);
      Reply bobFirst = client.get("/api/projects?page=1", AUTH, BOB);
      Reply aliceAgain = client.get("/api/projects?page=1", AUTH, ALICE);
      Reply bobAgain = client.get("/api/projects?page=1", AUTH, BOB);

      assertThat(aliceFirst.json().getString("caller")).isEqualTo(ALICE);
      assertThat(bobFirst.cache()).isEqualTo("MISS");
      assertThat(bobFirst.json().getString("caller")).isEqualTo(BOB);
      assertThat(aliceAgain.cache()).isEqualTo("HIT");
      assertThat(aliceAgain.json().getString("caller")).isEqualTo(ALICE);
      assertThat(bobAgain.cache()).isEqualTo("HIT");
      assertThat(bobAgain.json().getString("caller")).isEqualTo(BOB);
      assertThat(upstream.hits("/api/projects")).isEqualTo(2);
    }

    @Test
    void should_not_serve_entries_made_under_another_scope_set_when_the_callers_scopes_changed() {
      client.get("/api/projects", AUTH, ALICE);

      Reply widened = client.get("/api/projects", AUTH, ALICE_MORE_SCOPES);

      assertThat(widened.cache()).isEqualTo("MISS");
      assertThat(widened.json().getString("caller")).isEqualTo(ALICE_MORE_SCOPES);
      assertThat(client.get("/api/projects", AUTH, ALICE).json().getString("caller")).isEqualTo(ALICE);
      assertThat(upstream.hits("/api/projects")).isEqualTo(2);
    }

    @Test
    void should_bypass_when_there_is_no_principal() {
      Reply first = client.get("/api/projects");
      Reply second = client.get("/api/projects");

      assertThat(first.cache()).isEqualTo("BYPASS");
      assertThat(second.cache()).isEqualTo("BYPASS");
      assertThat(upstream.hits("/api/projects")).isEqualTo(2);
    }
  }

  @Nested
  class Freshness {
    @Test
    void should_report_miss_then_hit_with_age_then_miss_when_the_ttl_has_passed() {
      Reply miss = client.get("/api/projects", AUTH, ALICE);
      advance(Duration.ofSeconds(7));
      Reply hit = client.get("/api/projects", AUTH, ALICE);
      advance(TestGateway.TTL.minusSeconds(7));
      Reply expired = client.get("/api/projects", AUTH, ALICE);

      assertThat(miss.cache()).isEqualTo("MISS");
      assertThat(miss.headers().get("Age")).isNull();
      assertThat(hit.cache()).isEqualTo("HIT");
      assertThat(hit.headers().get("Age")).isEqualTo("7");
      assertThat(hit.body()).isEqualTo(miss.body());
      assertThat(expired.cache()).isEqualTo("MISS");
      assertThat(upstream.hits("/api/projects")).isEqualTo(2);
    }

    @Test
    void should_replay_the_pagination_headers_and_drop_the_others_when_serving_a_hit() {
      Reply miss = client.get("/api/projects?per_page=5", AUTH, ALICE);
      Reply hit = client.get("/api/projects?per_page=5", AUTH, ALICE);

      for (String name : List.of("Content-Type", "Per-Page", "Total", "Link", "Cache-Control")) {
        assertThat(hit.headers().get(name)).as(name).isEqualTo(miss.headers().get(name));
      }
      assertThat(hit.headers().get("Per-Page")).isEqualTo("5");
      assertThat(miss.headers().get("X-Runtime")).isNotNull();
      assertThat(hit.headers().get("X-Runtime")).isNull();
    }

    @Test
    void should_answer_head_from_the_get_entry() {
      Reply get = client.get("/api/projects", AUTH, ALICE);
      Reply head = client.send(HttpMethod.HEAD, "/api/projects", AUTH, ALICE).await();

      assertThat(head.cache()).isEqualTo("HIT");
      assertThat(head.headers().get("Content-Length")).isEqualTo(Integer.toString(get.body().length()));
      assertThat(head.body().length()).isZero();
      assertThat(upstream.hits("/api/projects")).isEqualTo(1);
    }

    @Test
    void should_bypass_and_not_store_when_the_request_says_no_store() {
      Reply noStore = client.get("/api/projects", AUTH, ALICE, "Cache-Control", "no-store");
      Reply next = client.get("/api/projects", AUTH, ALICE);

      assertThat(noStore.cache()).isEqualTo("BYPASS");
      assertThat(next.cache()).isEqualTo("MISS");
      assertThat(upstream.hits("/api/projects")).isEqualTo(2);
    }

    @Test
    void should_fetch_again_and_replace_the_entry_when_the_request_says_no_cache() {
      client.get("/api/projects", AUTH, ALICE);
      Reply refreshed = client.get("/api/projects", AUTH, ALICE, "Cache-Control", "no-cache");
      Reply hit = client.get("/api/projects", AUTH, ALICE);

      assertThat(refreshed.cache()).isEqualTo("MISS");
      assertThat(refreshed.json().getInteger("n")).isEqualTo(2);
      assertThat(hit.cache()).isEqualTo("HIT");
      assertThat(hit.json().getInteger("n")).isEqualTo(2);
    }

    @Test
    void should_not_store_when_the_response_sets_a_cookie() {
      client.get("/api/subscriptions", AUTH, ALICE);
      Reply second = client.get("/api/subscriptions", AUTH, ALICE);

      assertThat(second.cache()).isEqualTo("MISS");
      assertThat(upstream.hits("/api/subscriptions")).isEqualTo(2);
    }

    @Test
    void should_leave_routes_without_a_ttl_alone() {
      Reply first = client.get("/api/products", AUTH, ALICE);
      client.get("/api/products", AUTH, ALICE);

      assertThat(first.cache()).isNull();
      assertThat(upstream.hits("/api/products")).isEqualTo(2);
    }
  }

  @Nested
  class Revalidation {
    @Test
    void should_revalidate_a_stale_entry_with_its_etag_when_the_upstream_answers_304() {
      Reply miss = client.get("/api/domains", AUTH, ALICE);
      advance(TestGateway.TTL.plusSeconds(1));

      Reply revalidated = client.get("/api/domains", AUTH, ALICE);

      assertThat(upstream.notModifiedAnswers()).isEqualTo(1);
      assertThat(revalidated.status()).isEqualTo(200);
      assertThat(revalidated.cache()).isEqualTo("REVALIDATED");
      assertThat(revalidated.headers().get("Age")).isEqualTo("0");
      assertThat(revalidated.body()).isEqualTo(miss.body());
      advance(Duration.ofSeconds(3));
      Reply hit = client.get("/api/domains", AUTH, ALICE);
      assertThat(hit.cache()).isEqualTo("HIT");
      assertThat(hit.headers().get("Age")).isEqualTo("3");
      assertThat(upstream.hits("/api/domains")).isEqualTo(2);
    }

    @Test
    void should_answer_304_itself_when_the_clients_if_none_match_matches_a_fresh_entry() {
      Reply miss = client.get("/api/domains", AUTH, ALICE);

      Reply notModified = client.get("/api/domains", AUTH, ALICE, "If-None-Match", miss.headers().get("ETag"));

      assertThat(notModified.status()).isEqualTo(304);
      assertThat(notModified.cache()).isEqualTo("HIT");
      assertThat(notModified.headers().get("ETag")).isEqualTo(miss.headers().get("ETag"));
      assertThat(notModified.body().length()).isZero();
      assertThat(upstream.hits("/api/domains")).isEqualTo(1);
    }

    @Test
    void should_replace_the_entry_when_revalidation_finds_new_data() {
      Reply old = client.get("/api/domains", AUTH, ALICE);
      upstream.changeData();
      advance(TestGateway.TTL.plusSeconds(1));

      Reply changed = client.get("/api/domains", AUTH, ALICE, "If-None-Match", old.headers().get("ETag"));
      Reply hit = client.get("/api/domains", AUTH, ALICE);

      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.cache()).isEqualTo("MISS");
      assertThat(changed.json().getInteger("version")).isEqualTo(2);
      assertThat(hit.cache()).isEqualTo("HIT");
      assertThat(hit.json().getInteger("version")).isEqualTo(2);
    }
  }

  @Nested
  class WriteEviction {
    @Test
    void should_evict_the_writers_pages_of_every_size_and_not_other_callers_when_a_post_succeeds() {
      List<String> alicePages = List.of("/api/projects", "/api/projects?per_page=10", "/api/projects?per_page=20",
          "/api/projects?page=2&per_page=10", "/api/projects/7/volumes");
      alicePages.forEach(uri -> client.get(uri, AUTH, ALICE));
      client.get("/api/images", AUTH, ALICE);
      client.get("/api/projects?per_page=10", AUTH, BOB);

      Reply created = client.post("/api/projects", AUTH, ALICE);

      assertThat(created.status()).isEqualTo(201);
      for (String uri : alicePages) {
        assertThat(client.get(uri, AUTH, ALICE).cache()).as(uri).isEqualTo("MISS");
      }
      assertThat(client.get("/api/images", AUTH, ALICE).cache()).isEqualTo("HIT");
      assertThat(client.get("/api/projects?per_page=10", AUTH, BOB).cache()).isEqualTo("HIT");
    }

    @Test
    void should_keep_the_entries_when_the_write_fails() {
      client.get("/api/projects", AUTH, ALICE);

      Reply refused = client.post("/api/projects", AUTH, ALICE, "X-Test-Status", "422");

      assertThat(refused.status()).isEqualTo(422);
      assertThat(client.get("/api/projects", AUTH, ALICE).cache()).isEqualTo("HIT");
    }

    @Test
    void should_not_store_an_answer_that_was_on_its_way_when_the_caller_wrote() {
      upstream.closeGate();
      Future<Reply> inFlight = client.send(HttpMethod.GET, "/api/zones", AUTH, ALICE);
      awaitHits("/api/zones", 1);

      assertThat(client.post("/api/zones", AUTH, ALICE).status()).isEqualTo(201);
      upstream.openGate();

      assertThat(inFlight.await().cache()).isEqualTo("MISS");
      assertThat(client.get("/api/zones", AUTH, ALICE).cache()).isEqualTo("MISS");
    }

    @Test
    void should_purge_by_principal_by_route_and_everything_when_asked() {
      client.get("/api/projects", AUTH, ALICE);
      client.get("/api/images", AUTH, ALICE);
      client.get("/api/projects", AUTH, BOB);
      client.get("/api/images", AUTH, BOB);

      assertThat(gateway.invalidator.purgePrincipal("user:alice/app:test")).isEqualTo(2);
      assertThat(client.get("/api/images", AUTH, BOB).cache()).isEqualTo("HIT");
      assertThat(gateway.invalidator.purgeRoute("/api/images")).isEqualTo(1);
      assertThat(client.get("/api/projects", AUTH, BOB).cache()).isEqualTo("HIT");
      assertThat(gateway.invalidator.purgeAll()).isEqualTo(1);
      assertThat(cache.size()).isZero();
    }
  }

  @Nested
  class SingleFlight {
    @Test
    void should_send_one_upstream_request_when_a_hundred_identical_misses_arrive_together() {
      List<Reply> replies = sendTogether(100, "/api/zones?page=1");

      assertThat(upstream.hits("/api/zones")).isEqualTo(1);
      assertThat(replies).allSatisfy(reply -> {
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(replies.get(0).body());
      });
      assertThat(replies).filteredOn(reply -> "MISS".equals(reply.cache())).hasSize(1);
      assertThat(replies).filteredOn(reply -> "HIT".equals(reply.cache())).hasSize(99);
    }

    @Test
    void should_let_each_waiter_go_upstream_alone_when_the_leaders_answer_is_not_storable() {
      upstream.failNext(1);

      List<Reply> replies = sendTogether(10, "/api/orders");

      assertThat(replies).filteredOn(reply -> reply.status() == 503).hasSize(1);
      assertThat(replies).filteredOn(reply -> reply.status() == 200).hasSize(9);
      assertThat(upstream.hits("/api/orders")).isEqualTo(10);
    }

    @Test
    void should_go_upstream_alone_when_the_leader_takes_longer_than_the_wait_timeout() {
      startGateway(config(Duration.ofMillis(50), 1));
      upstream.closeGate();
      Future<Reply> leader = client.send(HttpMethod.GET, "/api/zones", AUTH, ALICE);
      awaitHits("/api/zones", 1);

      Future<Reply> waiter = client.send(HttpMethod.GET, "/api/zones", AUTH, ALICE);
      awaitHits("/api/zones", 2); // only reached if the waiter stopped waiting
      upstream.openGate();

      assertThat(leader.await().status()).isEqualTo(200);
      assertThat(waiter.await().cache()).isEqualTo("MISS");
    }

    @Test
    void should_stop_collecting_waiters_on_a_flight_older_than_the_wait_timeout() {
      upstream.closeGate();
      Future<Reply> stuck = client.send(HttpMethod.GET, "/api/zones", AUTH, ALICE);
      awaitHits("/api/zones", 1);
      advance(Duration.ofSeconds(11));

      Future<Reply> fresh = client.send(HttpMethod.GET, "/api/zones", AUTH, ALICE);
      awaitHits("/api/zones", 2); // a new leader went upstream instead of waiting on the stuck one
      upstream.openGate();

      assertThat(stuck.await().status()).isEqualTo(200);
      assertThat(fresh.await().cache()).isEqualTo("MISS");
      assertThat(client.get("/api/zones", AUTH, ALICE).cache()).isEqualTo("HIT");
    }
  }

  @Nested
  class Admission {
    @BeforeEach
    void storeOnTheSecondUse() {
      startGateway(config(Duration.ofSeconds(10), 2));
    }

    @Test
    void should_store_a_page_only_when_it_is_asked_for_the_second_time_when_min_uses_is_2() {
      Reply first = client.get("/api/projects?page=1", AUTH, ALICE);
      long storedAfterFirst = cache.size();
      Reply second = client.get("/api/projects?page=1", AUTH, ALICE);
      Reply third = client.get("/api/projects?page=1", AUTH, ALICE);

      assertThat(first.cache()).isEqualTo("MISS");
      assertThat(storedAfterFirst).isZero();
      assertThat(second.cache()).isEqualTo("MISS");
      assertThat(third.cache()).isEqualTo("HIT");
      assertThat(third.body()).isEqualTo(second.body());
      assertThat(upstream.hits("/api/projects")).isEqualTo(2);
      assertThat(cache.declined()).isEqualTo(1);
      assertThat(cache.stores()).isEqualTo(1);
    }

    @Test
    void should_count_uses_per_caller_and_page() {
      client.get("/api/projects?page=1", AUTH, ALICE);
      client.get("/api/projects?page=2", AUTH, ALICE);
      client.get("/api/projects?page=1", AUTH, BOB);

      assertThat(cache.size()).isZero();
      assertThat(cache.declined()).isEqualTo(3);
      assertThat(client.get("/api/projects?page=1", AUTH, BOB).json().getString("caller")).isEqualTo(BOB);
      assertThat(client.get("/api/projects?page=1", AUTH, BOB).cache()).isEqualTo("HIT");
    }

    @Test
    void should_store_a_first_answer_that_other_requests_are_waiting_for() {
      List<Reply> replies = sendTogether(20, "/api/zones");

      assertThat(upstream.hits("/api/zones")).isEqualTo(1);
      assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
      assertThat(client.get("/api/zones", AUTH, ALICE).cache()).isEqualTo("HIT");
      assertThat(cache.declined()).isZero();
    }

    @Test
    void should_replace_a_stale_entry_with_new_data_without_counting_uses_again() {
      sendTogether(2, "/api/domains"); // stored for its waiter, without a count
      upstream.changeData();
      advance(TestGateway.TTL.plusSeconds(1));

      Reply changed = client.get("/api/domains", AUTH, ALICE);
      Reply afterwards = client.get("/api/domains", AUTH, ALICE);

      assertThat(changed.cache()).isEqualTo("MISS");
      assertThat(afterwards.cache()).isEqualTo("HIT");
      assertThat(afterwards.json().getInteger("version")).isEqualTo(2);
      assertThat(cache.declined()).isZero();
    }
  }

  @Nested
  class AdmissionWhenFull {
    /** Stores padded pages of Alice's until the byte bound evicts; returns how many it took. */
    private int fill() {
      int page = 0;
      while (!cache.isFull()) {
        page++;
        assertThat(page).isLessThan(200);
        assertThat(client.get("/api/projects?pad=2000&page=" + page, AUTH, ALICE).cache()).isEqualTo("MISS");
      }
      return page;
    }

    @Test
    void should_store_first_answers_until_the_byte_bound_evicts_then_only_pages_asked_for_again() {
      startGateway(smallConfig(2));
      int filled = fill();
      long storedWhileRoom = cache.stores();

      Reply first = client.get("/api/projects?pad=2000&page=new", AUTH, ALICE);
      long storedAfterFirst = cache.stores();
      Reply second = client.get("/api/projects?pad=2000&page=new", AUTH, ALICE);
      Reply third = client.get("/api/projects?pad=2000&page=new", AUTH, ALICE);

      assertThat(storedWhileRoom).isEqualTo(filled); // every first answer, the one that made the bound evict included
      assertThat(cache.declined()).isEqualTo(1);
      assertThat(first.cache()).isEqualTo("MISS");
      assertThat(storedAfterFirst).isEqualTo(storedWhileRoom);
      assertThat(second.cache()).isEqualTo("MISS");
      assertThat(third.cache()).isEqualTo("HIT");
      assertThat(third.body()).isEqualTo(second.body());
      assertThat(cache.weightedSize()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void should_store_first_answers_again_once_the_bound_has_evicted_nothing_for_the_full_window() {
      startGateway(smallConfig(2));
      fill();

      advance(ResponseCache.FULL_WINDOW);
      boolean fullAtTheWindowsEnd = cache.isFull();
      advance(Duration.ofNanos(1));
      boolean fullAfterIt = cache.isFull();
      client.get("/api/projects?pad=2000&page=later", AUTH, ALICE);
      Reply again = client.get("/api/projects?pad=2000&page=later", AUTH, ALICE);

      assertThat(fullAtTheWindowsEnd).isTrue();
      assertThat(fullAfterIt).isFalse();
      assertThat(again.cache()).isEqualTo("HIT");
      assertThat(cache.declined()).isZero();
      assertThat(cache.isFull()).isTrue(); // storing it evicted again: the next first answer waits for a second use
    }

    @Test
    void should_store_every_first_answer_when_full_with_min_uses_when_full_1() {
      startGateway(smallConfig(1));
      fill();

      client.get("/api/projects?pad=2000&page=new", AUTH, ALICE);
      Reply again = client.get("/api/projects?pad=2000&page=new", AUTH, ALICE);

      assertThat(again.cache()).isEqualTo("HIT");
      assertThat(cache.declined()).isZero();
    }

    @Test
    void should_store_a_first_answer_that_other_requests_are_waiting_for_even_when_full() {
      startGateway(smallConfig(2));
      fill();

      sendTogether(20, "/api/zones");

      assertThat(upstream.hits("/api/zones")).isEqualTo(1);
      assertThat(client.get("/api/zones", AUTH, ALICE).cache()).isEqualTo("HIT");
      assertThat(cache.declined()).isZero();
    }
  }

  @Nested
  class Bounds {
    @Test
    void should_keep_the_weight_within_max_bytes_when_many_entries_are_stored() {
      long maxBytes = 64 * 1024;
      startGateway(smallConfig(1)); // every first answer stored, full or not

      for (int page = 1; page <= 60; page++) {
        assertThat(client.get("/api/projects?pad=2000&page=" + page, AUTH, ALICE).cache()).isEqualTo("MISS");
      }

      assertThat(cache.weightedSize()).isPositive().isLessThanOrEqualTo(maxBytes);
      assertThat(cache.stats().evictionCount()).isPositive();
      assertThat(cache.size()).isLessThan(60);
    }

    @Test
    void should_stream_an_oversized_chunked_response_intact_without_storing_it() {
      int size = 300_000;
      Reply first = client.get("/api/big?size=" + size, AUTH, ALICE);
      Reply second = client.get("/api/big?size=" + size, AUTH, ALICE);

      assertThat(first.body()).isEqualTo(TestUpstream.pattern(0, size));
      assertThat(second.cache()).isEqualTo("MISS");
      assertThat(second.body()).isEqualTo(TestUpstream.pattern(0, size));
      assertThat(upstream.hits("/api/big")).isEqualTo(2);
      assertThat(cache.size()).isZero();
    }

    @Test
    void should_stream_an_oversized_declared_response_intact_without_storing_it() {
      int size = 100_000;
      Reply first = client.get("/api/big?declared=1&size=" + size, AUTH, ALICE);
      client.get("/api/big?declared=1&size=" + size, AUTH, ALICE);

      assertThat(first.body()).isEqualTo(TestUpstream.pattern(0, size));
      assertThat(upstream.hits("/api/big")).isEqualTo(2);
    }

    @Test
    void should_store_a_response_just_under_the_entry_limit() {
      int size = 60_000;
      client.get("/api/big?size=" + size, AUTH, ALICE);
      Reply hit = client.get("/api/big?size=" + size, AUTH, ALICE);

      assertThat(hit.cache()).isEqualTo("HIT");
      assertThat(hit.body()).isEqualTo(TestUpstream.pattern(0, size));
    }
  }

  @Nested
  class Failures {
    @Test
    void should_not_store_a_response_cut_midway_by_the_upstream() {
      upstream.resetNext(1);

      Throwable cut = catchThrowable(() -> client.get("/api/locations", AUTH, ALICE));
      Reply whole = client.get("/api/locations", AUTH, ALICE);

      assertThat(cut).isNotNull();
      assertThat(whole.status()).isEqualTo(200);
      assertThat(whole.cache()).isEqualTo("MISS");
      assertThat(whole.json().getString("caller")).isEqualTo(ALICE);
      assertThat(client.get("/api/locations", AUTH, ALICE).cache()).isEqualTo("HIT");
      assertThat(upstream.hits("/api/locations")).isEqualTo(2);
    }
  }

  /** Waits, without sleeping, until the upstream has seen this many requests on the path. */
  private void awaitHits(String path, int count) {
    Promise<Void> reached = Promise.promise();
    long timer = vertx.setPeriodic(1, id -> {
      if (upstream.hits(path) >= count) {
        reached.tryComplete();
      }
    });
    reached.future().timeout(5, java.util.concurrent.TimeUnit.SECONDS).eventually(() -> {
      vertx.cancelTimer(timer);
      return Future.succeededFuture();
    }).await();
  }
}
