package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates every enabled threshold, records an alert at most once per alert_frequency per metric,
 * and answers a recorded alert with its auto-response: a run of the named schedule, requested through
 * the orchestrator (never SQL text read from the table).
 */
public final class CheckPerformanceAlerts implements Operation {
    private static final String THRESHOLDS = """
            SELECT metric_name, warning_threshold::float8, critical_threshold::float8, direction = 'below',
                   EXTRACT(EPOCH FROM alert_frequency)::float8, auto_response_enabled, auto_response_schedule
              FROM public.performance_alert_thresholds WHERE is_enabled ORDER BY metric_name""";
    private static final String RECORD_UNLESS_RECENT = """
            INSERT INTO public.performance_alerts
                (metric_name, severity, current_value, threshold_value, direction, raised_at, auto_response_schedule)
            SELECT ?, ?, ?, ?, ?, ?, ?
             WHERE NOT EXISTS (SELECT 1 FROM public.performance_alerts
                                WHERE metric_name = ? AND raised_at > ?::timestamptz - make_interval(secs => ?))
            RETURNING id""";

    @Override
    public String name() {
        return "check_performance_alerts";
    }

    @Override
    public String description() {
        return "Checks the performance alert thresholds, records alerts (rate-limited) and requests auto-response runs.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.bool("enable_auto_responses", true,
                "request the threshold's auto-response schedule when an alert is recorded"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        StatStatements statements = StatStatements.detect(connection);
        AlertMetrics metrics = new AlertMetrics(connection, statements);
        Timestamp now = Timestamp.from(context.clock().instant());
        List<Map<String, Object>> raised = new ArrayList<>();
        List<String> rateLimited = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        int measured = 0;
        for (AlertThreshold threshold : thresholds(connection)) {
            context.checkCancelled();
            Double value = metrics.value(threshold.metric());
            if (value == null) {
                unmeasured.add(threshold.metric());
                continue;
            }
            measured++;
            String severity = threshold.severity(value);
            if (severity == null) {
                continue;
            }
            Long alertId = record(connection, threshold, severity, value, now);
            if (alertId == null) {
                rateLimited.add(threshold.metric());
                continue;
            }
            raised.add(respond(context, connection, alertId, threshold, severity, value));
        }
        return OperationResult.builder()
                .put("metrics_measured", measured)
                .put("alerts_raised", raised)
                .put("rate_limited", rateLimited)
                .put("unmeasured", unmeasured)
                .put("pg_stat_statements", statements == null ? StatStatements.ABSENT : "present")
                .build();
    }

    private static List<AlertThreshold> thresholds(Connection connection) throws SQLException {
        List<AlertThreshold> thresholds = new ArrayList<>();
        try (var statement = connection.prepareStatement(THRESHOLDS); var rs = statement.executeQuery()) {
            while (rs.next()) {
                thresholds.add(new AlertThreshold(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getBoolean(4),
                        rs.getDouble(5), rs.getBoolean(6), rs.getString(7)));
            }
        }
        return thresholds;
    }

    /** The new alert's id, or null when one was recorded within alert_frequency. */
    private static Long record(Connection connection, AlertThreshold threshold, String severity, double value,
                               Timestamp now) throws SQLException {
        return (Long) Jdbc.queryValue(connection, RECORD_UNLESS_RECENT, threshold.metric(), severity, value,
                threshold.thresholdFor(severity), threshold.below() ? "below" : "above", now,
                threshold.autoResponseSchedule(), threshold.metric(), now, threshold.frequencySeconds());
    }

    private static Map<String, Object> respond(OperationContext context, Connection connection, long alertId,
                                               AlertThreshold threshold, String severity, double value) throws SQLException {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("alert_id", alertId);
        alert.put("metric", threshold.metric());
        alert.put("severity", severity);
        alert.put("value", value);
        String schedule = threshold.autoResponseSchedule();
        if (!context.config().getBoolean("enable_auto_responses") || !threshold.autoResponseEnabled() || schedule == null) {
            return alert;
        }
        boolean requested = context.requestRun(schedule, threshold.metric() + " " + severity + " at " + value);
        String outcome = requested ? "run of " + schedule + " requested" : "no schedule named " + schedule;
        Jdbc.update(connection, "UPDATE public.performance_alerts SET auto_response_requested = ?, response_result = ? WHERE id = ?",
                requested, outcome, alertId);
        alert.put("auto_response", outcome);
        return alert;
    }
}
