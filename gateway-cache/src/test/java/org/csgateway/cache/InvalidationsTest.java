package org.csgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.csgateway.core.identity.Principal;
import org.junit.jupiter.api.Test;

class InvalidationsTest {
  private static final long HORIZON = 1_000;
  private static final Principal ALICE = CacheKeyTest.user("alice", Set.of("projects_read"));
  private static final Principal BOB = CacheKeyTest.user("bob", Set.of("projects_read"));
  private static final CacheKey ALICE_PROJECTS = CacheKeyTest.key(ALICE, "/api/projects");
  private static final CacheKey ALICE_VOLUMES = CacheKeyTest.key(ALICE, "/api/projects/7/volumes");
  private static final CacheKey ALICE_IMAGES = CacheKeyTest.key(ALICE, "/api/images");
  private static final CacheKey BOB_PROJECTS = CacheKeyTest.key(BOB, "/api/projects");

  private final Invalidations invalidations = new Invalidations(HORIZON, 0);

  @Test
  void should_make_a_callers_family_stale_for_what_started_before_the_write_and_nothing_else() {
    long before = invalidations.current();

    invalidations.mark(Eviction.write(ALICE.id(), "projects"), 10);
    long after = invalidations.current();

    assertThat(invalidations.isCurrent(ALICE_PROJECTS, before)).isFalse();
    assertThat(invalidations.isCurrent(ALICE_VOLUMES, before)).isFalse(); // a nested collection, same family
    assertThat(invalidations.isCurrent(ALICE_IMAGES, before)).isTrue();
    assertThat(invalidations.isCurrent(BOB_PROJECTS, before)).isTrue();
    assertThat(invalidations.isCurrent(ALICE_PROJECTS, after)).isTrue();
  }

  @Test
  void should_make_stale_what_a_principal_route_or_everything_eviction_names() {
    long first = invalidations.current();
    invalidations.mark(Eviction.principal(ALICE.id()), 10);
    assertThat(invalidations.isCurrent(ALICE_IMAGES, first)).isFalse();
    assertThat(invalidations.isCurrent(BOB_PROJECTS, first)).isTrue();

    long second = invalidations.current();
    invalidations.mark(Eviction.route("/api/projects"), 20);
    assertThat(invalidations.isCurrent(BOB_PROJECTS, second)).isFalse();
    assertThat(invalidations.isCurrent(ALICE_IMAGES, second)).isTrue();

    long third = invalidations.current();
    invalidations.mark(Eviction.all(), 30);
    assertThat(invalidations.isCurrent(ALICE_IMAGES, third)).isFalse();
    assertThat(invalidations.isCurrent(ALICE_IMAGES, invalidations.current())).isTrue();
  }

  @Test
  void should_forget_marks_older_than_the_horizon_without_making_what_they_named_current_again() {
    long beforeWrite = invalidations.current();
    invalidations.mark(Eviction.write(ALICE.id(), "projects"), 10);
    long afterWrite = invalidations.current();
    invalidations.mark(Eviction.write(BOB.id(), "projects"), 10 + HORIZON / 2);
    assertThat(invalidations.size()).isEqualTo(2);

    invalidations.mark(Eviction.write(BOB.id(), "images"), 10 + HORIZON);

    assertThat(invalidations.size()).as("Alice's mark, a horizon old, forgotten").isEqualTo(2);
    assertThat(invalidations.isCurrent(ALICE_PROJECTS, beforeWrite)).isFalse();
    // the floor: a straggler from before the forgotten mark is stale, whoever it belongs to
    assertThat(invalidations.isCurrent(BOB_PROJECTS, beforeWrite)).isFalse();
    assertThat(invalidations.isCurrent(ALICE_PROJECTS, afterWrite)).isTrue();
    assertThat(invalidations.isCurrent(BOB_PROJECTS, afterWrite)).isFalse(); // Bob's own mark is still kept
  }
}
