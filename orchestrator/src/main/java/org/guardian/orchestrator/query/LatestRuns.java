package org.guardian.orchestrator.query;

import org.guardian.orchestrator.api.RunView;
import org.guardian.orchestrator.api.ScheduleView;
import org.guardian.orchestrator.db.RunDao;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** Each schedule's latest finished run: the status and duration the console's list shows. */
public final class LatestRuns {
    private final RunDao runs;
    private final ScheduleViews schedules;

    public LatestRuns(Jdbi jdbi, ScheduleViews schedules) {
        this.runs = jdbi.onDemand(RunDao.class);
        this.schedules = schedules;
    }

    /** One run per schedule that has finished one, by schedule name. */
    public List<RunView> ofEverySchedule() {
        List<String> names = schedules.all().stream().map(ScheduleView::name).toList();
        return names.isEmpty() ? List.of() : runs.latestFinishedRuns(names).stream().map(RunView::of).toList();
    }
}
