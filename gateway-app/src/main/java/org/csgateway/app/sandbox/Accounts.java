package org.csgateway.app.sandbox;

import static org.csgateway.app.sandbox.SandboxIdentities.*;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sandbox's fixed users (with their Basic API credentials) and OAuth applications. Thread-safe. */
final class Accounts {
  private static final int MAX_CACHED_HEADERS = 1024;

  /** A ComputeStacks user and its one API credential. */
  record User(long id, String name, String apiKey, String apiSecret, boolean admin) {
    JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("email", name + "@sandbox.example")
          .put("fname", name)
          .put("lname", "Sandbox")
          .put("external_id", name + "-ext")
          .put("is_admin", admin)
          .put("currency", "USD")
          .put("locale", "en");
    }
  }

  /** A confidential OAuth application; {@code clientId} is Doorkeeper's {@code uid}. */
  record Application(String clientId, String secret) {}

  private final List<User> users = List.of(
      new User(DEMO_USER_ID, DEMO_USER, DEMO_API_KEY, DEMO_API_SECRET, false),
      new User(OTHER_USER_ID, OTHER_USER, OTHER_API_KEY, OTHER_API_SECRET, false),
      new User(ADMIN_USER_ID, ADMIN_USER, ADMIN_API_KEY, ADMIN_API_SECRET, true));
  private final Map<String, Application> applications = Map.of(
      DEMO_CLIENT_ID, new Application(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
      OTHER_CLIENT_ID, new Application(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET));
  /** Authorization header values already verified, so a hot path pays one map lookup instead of a Base64 decode. */
  private final Map<String, User> verifiedBasicHeaders = new ConcurrentHashMap<>();

  List<User> users() {
    return users;
  }

  User userNamed(String name) {
    for (User user : users) {
      if (user.name().equals(name)) {
        return user;
      }
    }
    throw new IllegalArgumentException("unknown sandbox user '" + name + "'");
  }

  User userById(long id) {
    for (User user : users) {
      if (user.id() == id) {
        return user;
      }
    }
    return null;
  }

  /** The user whose API credential this is, or null. */
  User authenticate(String apiKey, String apiSecret) {
    for (User user : users) {
      if (user.apiKey().equals(apiKey) && secretEquals(user.apiSecret(), apiSecret)) {
        return user;
      }
    }
    return null;
  }

  /**
   * The user named by a Basic Authorization header, decoded as Rails does
   * ({@code Base64.decode64(authorization.split(" ", 2).last).split(":", 2)}), or null when it names none.
   */
  User basicUser(String authorization) {
    User cached = verifiedBasicHeaders.get(authorization);
    if (cached != null) {
      return cached;
    }
    String[] credentials = decodeBasic(authorization);
    User user = credentials == null ? null : authenticate(credentials[0], credentials[1]);
    if (user != null) {
      if (verifiedBasicHeaders.size() >= MAX_CACHED_HEADERS) {
        verifiedBasicHeaders.clear();
      }
      verifiedBasicHeaders.put(authorization, user);
    }
    return user;
  }

  Application application(String clientId) {
    return clientId == null ? null : applications.get(clientId);
  }

  /** The application these client credentials authenticate, or null. */
  Application authenticateClient(String clientId, String secret) {
    Application app = application(clientId);
    return app != null && secret != null && secretEquals(app.secret(), secret) ? app : null;
  }

  /** [user, password] from a Basic header value, or null when it cannot be decoded. */
  static String[] decodeBasic(String authorization) {
    int space = authorization.indexOf(' ');
    String encoded = space < 0 ? authorization : authorization.substring(space + 1);
    String decoded;
    try {
      // Ruby's Base64.decode64 skips characters outside the alphabet; the MIME decoder does too.
      decoded = new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private static boolean secretEquals(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
