package org.guardian.orchestrator.core.cron;

/**
 * A cron expression or time zone that cannot be scheduled. {@link #field()} names the part that is
 * wrong, so the API can answer 422 pointing at it.
 */
public final class InvalidCronException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the wrong part: {@code second minute hour dayOfMonth month dayOfWeek year}, or
   *     {@code expression} (wrong number of fields, unknown macro) or {@code timeZone}
   * @param message what is wrong, for a human
   */
  public InvalidCronException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The part of the schedule that is wrong, e.g. {@code "dayOfWeek"} or {@code "timeZone"}. */
  public String field() {
    return field;
  }
}
