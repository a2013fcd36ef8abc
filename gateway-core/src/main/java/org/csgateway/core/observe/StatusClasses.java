package org.csgateway.core.observe;

/** The five status class labels, shared so that no label string is built per request. */
public final class StatusClasses {
  private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  private StatusClasses() {}

  /** "1xx" to "5xx"; a status outside 100-599 counts as "5xx". */
  public static String of(int status) {
    return CLASSES[index(status)];
  }

  /** 0 for 1xx to 4 for 5xx. */
  public static int index(int status) {
    int index = status / 100 - 1;
    return index < 0 || index > 4 ? 4 : index;
  }

  /** Every label, in order of {@link #index}. */
  public static String label(int index) {
    return CLASSES[index];
  }

  public static int count() {
    return CLASSES.length;
  }
}
