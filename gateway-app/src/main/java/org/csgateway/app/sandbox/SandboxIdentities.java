package org.csgateway.app.sandbox;

/**
 * The fixed demo identities every sandbox knows, so tests, the README and the demo run can use them without setup.
 * Basic API credentials are ComputeStacks "API credentials" (api.md §3.1), also accepted by the password grant.
 */
public final class SandboxIdentities {
  /** Basic API credential (username) of the user "demo", who owns most seeded data (75 projects). */
  public static final String DEMO_API_KEY = "demo-api-key";
  public static final String DEMO_API_SECRET = "demo-api-secret";
  public static final String DEMO_USER = "demo";
  public static final long DEMO_USER_ID = 1;

  /** Basic API credential of a second, ordinary user "other", with a few rows of its own. */
  public static final String OTHER_API_KEY = "other-api-key";
  public static final String OTHER_API_SECRET = "other-api-secret";
  public static final String OTHER_USER = "other";
  public static final long OTHER_USER_ID = 2;

  /** Basic API credential of the admin user "admin" (the only one allowed admin_read/admin_write tokens). */
  public static final String ADMIN_API_KEY = "admin-api-key";
  public static final String ADMIN_API_SECRET = "admin-api-secret";
  public static final String ADMIN_USER = "admin";
  public static final long ADMIN_USER_ID = 3;

  /** The demo OAuth application (confidential; every configured scope allowed). */
  public static final String DEMO_CLIENT_ID = "demo-client";
  public static final String DEMO_CLIENT_SECRET = "demo-client-secret";

  /** A second OAuth application, to show that introspection and revocation are per application. */
  public static final String OTHER_CLIENT_ID = "other-client";
  public static final String OTHER_CLIENT_SECRET = "other-client-secret";

  /**
   * A container image of the user "demo" that is "in use": {@code DELETE /api/container_images/{id}} on it fails
   * with 500 and the string-shaped body {@code {"errors":"Unable to delete container image. ..."}} (api.md §6).
   */
  public static final long IN_USE_IMAGE_ID = 1000;

  /**
   * A system domain of the user "demo": {@code DELETE /api/domains/{id}} on it fails with 400 and the hash-shaped
   * body {@code {"errors":{"base":["System domains can not be removed."]}}} (api.md §6).
   */
  public static final long SYSTEM_DOMAIN_ID = 2000;

  private SandboxIdentities() {}
}
