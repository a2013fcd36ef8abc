package org.csgateway.core.identity;

/** How a caller proved who they are. */
public enum CredentialKind {
  /** ComputeStacks API credentials in {@code Authorization: Basic}: full access to the user's account. */
  BASIC,
  /** An OAuth2 access token bound to a user (password or authorization_code grant). */
  USER_TOKEN,
  /** An OAuth2 access token with no user (client_credentials grant). */
  CLIENT_TOKEN
}
