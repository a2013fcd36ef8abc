/**
 * An in-memory ComputeStacks-compatible upstream ("sandbox") for the demo run, the end-to-end tests and the
 * benchmark. It follows /work/shared/computestacks/api.md (controller 9.3.1), quirks included, so the gateway is
 * always tested against the upstream's real behaviour. Entry points: {@link org.csgateway.app.sandbox.Sandbox}
 * (embedded) and {@link org.csgateway.app.sandbox.SandboxMain} (standalone).
 *
 * <h2>What it serves</h2>
 * <ul>
 *   <li>{@code GET /api/version}; projects (index, show, PATCH/PUT, DELETE), container images (full CRUD), zones
 *       (index, show), orders (index, show, POST, which also creates a project), volumes (index, show, PATCH/PUT),
 *       domains (CRUD and {@code verify_dns}), container registry (CRUD), {@code /api/users[/{id}]},
 *       {@code GET /api/admin/users} (admin only), {@code POST /api/auth}, the 2FA authcheck and
 *       {@code /api/system/**} (no authentication, as upstream). Every path takes a {@code .json} suffix.</li>
 *   <li>{@code POST /api/oauth/token} (client_credentials, password, refresh_token), {@code GET
 *       /api/oauth/token/info}, {@code POST /api/oauth/introspect}, {@code POST /api/oauth/revoke}.</li>
 *   <li>Under {@code /_sandbox}: {@code GET stats}, {@code POST stats/reset}, {@code GET/PUT/POST/DELETE faults},
 *       {@code GET/DELETE requests} (never counted or faulted); {@code GET bytes/{n}}, {@code POST|PUT sink},
 *       {@code * echo} (counted and faultable).</li>
 * </ul>
 *
 * <h2>Error shapes on demand (api.md §6)</h2>
 * <ul>
 *   <li>{@code {"errors":"..."}} (string): {@code DELETE /api/container_images/1000} as demo
 *       ({@link org.csgateway.app.sandbox.SandboxIdentities#IN_USE_IMAGE_ID}) → 500; {@code POST
 *       /api/domains/{unknown}/verify_dns} → 404 {@code {"errors":"Unknown Domain"}}.</li>
 *   <li>{@code {"errors":{"field":["msg"]}}} (hash): {@code POST /api/container_registry} without a name → 400
 *       {@code {"errors":{"name":["can't be blank"]}}}; {@code DELETE /api/domains/2000} as demo
 *       ({@link org.csgateway.app.sandbox.SandboxIdentities#SYSTEM_DOMAIN_ID}) → 400.</li>
 *   <li>Empty-body 404: show/update/destroy of an unknown or someone else's id; Doorkeeper's 401/403 have empty
 *       bodies too.</li>
 *   <li>Array errors: 422 on validation ({@code PATCH /api/projects/{id}} with a blank name), 422 for a malformed
 *       query ({@code ?page=%zz}), 404 "Unknown API Call", 404 "page not found." for routed-but-undefined actions
 *       ({@code POST /api/projects}), 401 "Not Authorized", and a fault's 5xx.</li>
 * </ul>
 *
 * <h2>Deviations from the upstream</h2>
 * <ul>
 *   <li>Refresh tokens come with the password grant (upstream: only authorization_code, whose HTML consent flow
 *       the sandbox lacks); a refresh revokes the old token at once (Doorkeeper: when the new one is first
 *       used).</li>
 *   <li>Everything renders JSON: a {@code .xml} suffix answers 406 with an errors array; a missing Accept header
 *       is treated as JSON (Rails would pick HTML for some actions).</li>
 *   <li>Deletes and other "async" actions take effect at once; rows are synthetic; write answers (200 with the
 *       row on update, 201 on create) are plausible rather than verified.</li>
 *   <li>An unsupported version on a Doorkeeper endpoint answers 404 {@code {"errors":["page not found."]}}, which
 *       api.md marks as unverified.</li>
 *   <li>Rack details: the query is split on {@code &} only and only flat keys and {@code key[]} arrays are
 *       understood; the {@code Forwarded} header is ignored (X-Forwarded-* only); page sizes beyond a long
 *       saturate.</li>
 * </ul>
 */
package org.csgateway.app.sandbox;
