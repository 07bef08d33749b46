package org.guardian.orchestrator.core.cron;

/**
 * One Quartz cron trigger's definition: an expression and the time zone Quartz evaluates it in.
 *
 * @param expression a Quartz cron expression
 * @param timeZoneId a {@link java.util.TimeZone} id: the schedule's IANA zone, or a fixed offset
 *     such as {@code GMT-04:00} for a fall-back companion
 */
public record QuartzCron(String expression, String timeZoneId) {
}
