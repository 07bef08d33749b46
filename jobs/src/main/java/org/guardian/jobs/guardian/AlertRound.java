package org.guardian.jobs.guardian;

import org.guardian.jobs.OperationResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one alert check found, metric by metric, and the result it reports. */
final class AlertRound {
    private final Map<String, Double> measured = new LinkedHashMap<>();
    private final List<Map<String, Object>> raised = new ArrayList<>();
    private final List<String> rateLimited = new ArrayList<>();
    private final List<String> unmeasured = new ArrayList<>();
    private final List<String> awaitingWindow = new ArrayList<>();
    private Double slowCountedFromZero;

    void measured(String metric, double value) {
        measured.put(metric, value);
    }

    /** Cannot be measured here (its source is unavailable) or not yet (no snapshot a window old). */
    void unmeasured(String metric, boolean awaitingItsWindow) {
        (awaitingItsWindow ? awaitingWindow : unmeasured).add(metric);
    }

    /** The part of the measured slow-query rate that may be over-counted (see AlertMetrics). */
    void slowRateCountedFromZero(Double perMinute) {
        slowCountedFromZero = perMinute;
    }

    void raised(Map<String, Object> alert) {
        raised.add(alert);
    }

    void rateLimited(String metric) {
        rateLimited.add(metric);
    }

    OperationResult result(StatStatementsState statements) {
        OperationResult.Builder builder = statements.describe(OperationResult.builder()
                .put("metrics_measured", measured.size())
                .put("measurements", measured)
                .put("alerts_raised", raised)
                .put("rate_limited", rateLimited)
                .put("unmeasured", unmeasured)
                .put("awaiting_window", awaitingWindow));
        if (slowCountedFromZero != null) {
            builder.put("slow_queries_per_minute_counted_from_zero", slowCountedFromZero);
        }
        return builder.build();
    }
}
