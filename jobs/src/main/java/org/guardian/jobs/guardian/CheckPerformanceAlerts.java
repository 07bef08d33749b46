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
 * Evaluates every enabled threshold, records an alert at most once per alert_frequency per metric
 * and severity (a recent WARNING does not silence a CRITICAL), and answers a recorded alert with its
 * auto-response: a run of the named schedule, requested through the orchestrator (never SQL text
 * read from the table). Counter metrics are rates over the threshold's measurement_window.
 */
public final class CheckPerformanceAlerts implements Operation {
    private static final String THRESHOLDS = """
            SELECT metric_name, warning_threshold::float8, critical_threshold::float8, direction = 'below',
                   EXTRACT(EPOCH FROM measurement_window)::float8, EXTRACT(EPOCH FROM alert_frequency)::float8,
                   auto_response_enabled, auto_response_schedule
              FROM public.performance_alert_thresholds WHERE is_enabled ORDER BY metric_name""";
    private static final String RECORD_UNLESS_RECENT = """
            INSERT INTO public.performance_alerts
                (metric_name, severity, current_value, threshold_value, direction, raised_at, auto_response_schedule)
            SELECT ?, ?, ?, ?, ?, ?, ?
             WHERE NOT EXISTS (SELECT 1 FROM public.performance_alerts
                                WHERE metric_name = ? AND raised_at > ?::timestamptz - make_interval(secs => ?)
                                  AND (severity = ? OR severity = 'CRITICAL'))
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
                "request the threshold's auto-response schedule when an alert is recorded"),
                ConfigKey.number("slow_query_ms", 1000, 1, 86_400_000, "an execution slower than this counts as a slow query"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        StatStatementsState statements = StatStatementsState.detect(connection);
        StatisticsSnapshots snapshots = new StatisticsSnapshots(connection, context.clock().instant());
        double slowMs = context.config().getDouble("slow_query_ms");
        snapshots.take(statements.view(), slowMs);
        AlertMetrics metrics = new AlertMetrics(connection, statements.view(), snapshots, slowMs);
        Timestamp now = snapshots.now();
        AlertRound round = new AlertRound();
        for (AlertThreshold threshold : thresholds(connection)) {
            context.checkCancelled();
            Double value = metrics.value(threshold.metric(), threshold.windowSeconds());
            if (value == null) {
                round.unmeasured(threshold.metric(), metrics.awaitsWindow(threshold.metric(), threshold.windowSeconds()));
                continue;
            }
            round.measured(threshold.metric(), value);
            if (threshold.metric().equals("slow_queries_per_minute")) {
                round.slowRateCountedFromZero(metrics.slowRateCountedFromZero(threshold.windowSeconds()));
            }
            String severity = threshold.severity(value);
            if (severity == null) {
                continue;
            }
            Long alertId = record(connection, threshold, severity, value, now);
            if (alertId == null) {
                round.rateLimited(threshold.metric());
            } else {
                round.raised(respond(context, connection, alertId, threshold, severity, value));
            }
        }
        return round.result(statements);
    }

    private static List<AlertThreshold> thresholds(Connection connection) throws SQLException {
        List<AlertThreshold> thresholds = new ArrayList<>();
        try (var statement = connection.prepareStatement(THRESHOLDS); var rs = statement.executeQuery()) {
            while (rs.next()) {
                thresholds.add(new AlertThreshold(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getBoolean(4),
                        rs.getDouble(5), rs.getDouble(6), rs.getBoolean(7), rs.getString(8)));
            }
        }
        return thresholds;
    }

    /** The new alert's id, or null when one as severe was recorded within alert_frequency. */
    private static Long record(Connection connection, AlertThreshold threshold, String severity, double value,
                               Timestamp now) throws SQLException {
        return (Long) Jdbc.queryValue(connection, RECORD_UNLESS_RECENT, threshold.metric(), severity, value,
                threshold.thresholdFor(severity), threshold.below() ? "below" : "above", now,
                threshold.autoResponseSchedule(), threshold.metric(), now, threshold.frequencySeconds(), severity);
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
