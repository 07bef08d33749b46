package org.guardian.jobs.guardian;

/**
 * One row of performance_alert_thresholds. The seed compared every metric with {@code >=}, so a
 * healthy 99% cache hit ratio raised a CRITICAL alert; a threshold here has a direction.
 */
record AlertThreshold(String metric, double warning, double critical, boolean below,
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
