package org.csgateway.core.version;

/**
 * The two representations the ComputeStacks API renders (every controller says {@code respond_to :json, :xml}),
 * with the media type the gateway sends upstream for each.
 */
public enum ApiFormat {
  JSON("application/json"),
  XML("application/xml");

  private final String mediaType;

  ApiFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The media type named in the canonical upstream {@code Accept} header. */
  public String mediaType() {
    return mediaType;
  }

  /** The format a path suffix selects ("json" or "xml", as {@code RouteMatch.format()} gives it), else null. */
  public static ApiFormat ofSuffix(String suffix) {
    if (suffix == null) {
      return null;
    }
    if (suffix.equalsIgnoreCase("json")) {
      return JSON;
    }
    return suffix.equalsIgnoreCase("xml") ? XML : null;
  }
}
