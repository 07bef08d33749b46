/**
 * What the REST API reads: schedules with their state and the graph they form
 * ({@link org.guardian.orchestrator.query.ScheduleViews}, the cached listing), the history of runs and
 * changes, the cluster. Changes go through {@code scheduler.sync} ({@code ScheduleService},
 * {@code ScheduleEditor}).
 */
package org.guardian.orchestrator.query;
