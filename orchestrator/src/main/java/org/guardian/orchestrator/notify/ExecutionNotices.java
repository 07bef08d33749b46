package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.scheduler.execution.ExecutionListener;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The notices of attempts: a suppression, a timeout, a final failure, and the CRITICAL alerts that
 * the Guardian alert check reports in its result ({@code alerts_raised}).
 */
public final class ExecutionNotices implements ExecutionListener {
    static final String ALERT_CHECK = "check_performance_alerts";

    private final Notifier notifier;

    public ExecutionNotices(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void suppressedAt(Schedule schedule, int consecutiveFailures, Instant at) {
        notifier.tell(Notices.suppressed(schedule.name(), consecutiveFailures, at.toString()));
    }

    @Override
    public void ended(Schedule schedule, FireRequest request, Outcome outcome, boolean finalFailure) {
        if (outcome.status() == RunStatus.TIMEOUT) {
            notifier.tell(Notices.timeout(request, outcome.error()));
        }
        if (finalFailure && outcome.status().isFailure()) {
            notifier.tell(Notices.failed(request, outcome.status().name(), outcome.error()));
        }
        if (outcome.status() == RunStatus.SUCCESS && ALERT_CHECK.equals(schedule.operation()) && outcome.result() != null) {
            criticalAlerts(schedule.name(), outcome.result().values().get("alerts_raised"));
        }
    }

    private void criticalAlerts(String schedule, Object raised) {
        if (!(raised instanceof List<?> alerts)) {
            return;
        }
        for (Object alert : alerts) {
            if (alert instanceof Map<?, ?> fields && "CRITICAL".equals(fields.get("severity"))) {
                notifier.tell(Notices.criticalAlert(schedule, fields.get("alert_id"), String.valueOf(fields.get("metric")),
                        fields.get("value")));
            }
        }
    }
}
