package org.csgateway.app.sandbox;

import static org.csgateway.app.sandbox.SandboxIdentities.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;

/**
 * The sandbox's in-memory data: one {@link Collection} per resource family, seeded deterministically so every run
 * sees the same rows (user "demo" has 75 projects, enough for three pages of the default 30).
 */
final class DataStore {
  /** Seeded rows are dated from here, one minute apart (the day of the 9.3.1 release the facts come from). */
  static final Instant SEED_EPOCH = Instant.parse("2024-05-15T12:00:00Z");
  static final int DEMO_PROJECTS = 75;
  static final int PUBLIC_IMAGES = 12;

  private static final Set<Long> USERS = Set.of(DEMO_USER_ID, OTHER_USER_ID, ADMIN_USER_ID);
  private static final String[] IMAGE_NAMES = {
      "nginx", "mariadb", "postgres", "redis", "wordpress", "php", "node", "python", "ruby", "memcached", "whoami",
      "haproxy"};

  final Collection projects;
  final Collection containerImages;
  final Collection zones;
  final Collection orders;
  final Collection volumes;
  final Collection domains;
  final Collection containerRegistries;
  /** Every user, for the admin API; rows are shared so whoever passes ensure_admin! sees them all. */
  final Collection users;

  private DataStore(InstantSource clock) {
    projects = new Collection("projects", "project", false, USERS, clock);
    containerImages = new Collection("container_images", "container_image", true, USERS, clock);
    zones = new Collection("zones", "zone", false, USERS, clock);
    orders = new Collection("orders", "order", false, USERS, clock);
    volumes = new Collection("volumes", "volume", false, USERS, clock);
    domains = new Collection("domains", "domain", false, USERS, clock);
    containerRegistries = new Collection("container_registries", "container_registry", false, USERS, clock);
    users = new Collection("users", "user", true, USERS, clock);
  }

  static DataStore seeded(InstantSource clock, Accounts accounts) {
    DataStore store = new DataStore(clock);
    store.seed(accounts);
    return store;
  }

  private void seed(Accounts accounts) {
    int minute = 0;
    for (Accounts.User user : accounts.users()) {
      users.seed(null, user.toJson(), at(minute++));
    }
    for (long user : new long[] {DEMO_USER_ID, OTHER_USER_ID, ADMIN_USER_ID}) {
      String owner = ownerName(user);
      int n = user == DEMO_USER_ID ? DEMO_PROJECTS : user == OTHER_USER_ID ? 5 : 3;
      for (int i = 1; i <= n; i++) {
        projects.seed(user, project(owner + "-project-" + pad(i)), at(minute++));
      }
    }
    for (int i = 0; i < PUBLIC_IMAGES; i++) {
      containerImages.seed(null, image(IMAGE_NAMES[i], null), at(minute++));
    }
    seedImages(DEMO_USER_ID, 30, minute);
    minute += 30;
    seedImages(OTHER_USER_ID, 3, minute);
    minute += 3;
    containerImages.seed(DEMO_USER_ID, image("in-use-image", DEMO_USER_ID).put("id", IN_USE_IMAGE_ID)
        .put("in_use", true), at(minute++));
    for (long user : new long[] {DEMO_USER_ID, OTHER_USER_ID}) {
      boolean demo = user == DEMO_USER_ID;
      String owner = ownerName(user);
      for (int i = 1; i <= (demo ? 40 : 2); i++) {
        zones.seed(user, new JsonObject().put("name", owner + "-zone-" + pad(i) + ".example").put("provider_ref", "")
            .put("status", "active"), at(minute++));
      }
      for (int i = 1; i <= (demo ? 35 : 2); i++) {
        orders.seed(user, order(owner + "-ordered-project-" + pad(i)).put("status", "completed"), at(minute++));
      }
      for (int i = 1; i <= (demo ? 10 : 1); i++) {
        volumes.seed(user, new JsonObject().put("name", owner + "-volume-" + pad(i)).put("label", "data-" + i)
            .put("usage", 0).put("to_trash", false), at(minute++));
      }
      for (int i = 1; i <= (demo ? 8 : 1); i++) {
        domains.seed(user, new JsonObject().put("domain", owner + "-site-" + pad(i) + ".example")
            .put("system_domain", false).put("le_enabled", true), at(minute++));
      }
      for (int i = 1; i <= (demo ? 3 : 1); i++) {
        containerRegistries.seed(user, new JsonObject().put("name", owner + "-registry-" + i)
            .put("label", "Registry " + i).put("status", "deployed"), at(minute++));
      }
    }
    domains.seed(DEMO_USER_ID, new JsonObject().put("id", SYSTEM_DOMAIN_ID).put("domain", "demo.sandbox-apps.example")
        .put("system_domain", true).put("le_enabled", true), at(minute++));
    for (Collection c : new Collection[] {
        users, projects, containerImages, zones, orders, volumes, domains, containerRegistries}) {
      c.publish();
    }
  }

  private void seedImages(long user, int count, int firstMinute) {
    for (int i = 1; i <= count; i++) {
      containerImages.seed(user, image(ownerName(user) + "-image-" + pad(i), user), at(firstMinute + i - 1));
    }
  }

  static JsonObject project(String name) {
    return new JsonObject().put("name", name).put("current_state", "working").put("container_image_ids",
        new JsonArray());
  }

  static JsonObject image(String name, Long owner) {
    return new JsonObject()
        .put("name", name)
        .put("label", name)
        .put("role", "web")
        .put("category", "web")
        .put("image_url", "docker.io/library/" + name + ":latest")
        .put("is_free", owner == null)
        .put("active", true)
        .put("user_id", owner);
  }

  static JsonObject order(String projectName) {
    return new JsonObject().put("status", "open").put("project_name", projectName);
  }

  private static String ownerName(long user) {
    return user == DEMO_USER_ID ? DEMO_USER : user == OTHER_USER_ID ? OTHER_USER : ADMIN_USER;
  }

  private static String pad(int i) {
    return i < 10 ? "0" + i : Integer.toString(i);
  }

  private static Instant at(int minute) {
    return SEED_EPOCH.plus(Duration.ofMinutes(minute));
  }
}
