package org.guardian.jobs.guardian;

/**
 * One row of performance_alert_thresholds. A threshold has a direction, so that a metric where
 * higher is better (a cache hit ratio) alerts when it falls below it.
 */
record AlertThreshold(String metric, double warning, double critical, boolean below, double windowSeconds,
                      double frequencySeconds, boolean autoResponseEnabled, String autoResponseSchedule) {

    /** CRITICAL, WARNING, or null when the value is healthy. */
    String severity(double value) {
        if (breaches(value, critical)) {
            return "CRITICAL";
        }
        return breaches(value, warning) ? "WARNING" : null;
    }

    double thresholdFor(String severity) {
        return "CRITICAL".equals(severity) ? critical : warning;
    }

    private boolean breaches(double value, double threshold) {
        return below ? value <= threshold : value >= threshold;
    }
}
