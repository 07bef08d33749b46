package org.guardian.orchestrator.query;

import org.guardian.orchestrator.api.ChangeView;
import org.guardian.orchestrator.api.RunPage;
import org.guardian.orchestrator.api.RunView;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.Run;
import org.guardian.orchestrator.db.ChangeDao;
import org.guardian.orchestrator.db.RunDao;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** What happened: the runs (newest first, paged by a cursor on the run id) and each schedule's audited changes. */
public final class RunHistory {
    private final RunDao runs;
    private final ChangeDao changes;
    private final ScheduleViews schedules;

    public RunHistory(Jdbi jdbi, ScheduleViews schedules) {
        this.runs = jdbi.onDemand(RunDao.class);
        this.changes = jdbi.onDemand(ChangeDao.class);
        this.schedules = schedules;
    }

    /** @param cursor only runs older than this run id (the previous page's {@code nextCursor}), or null */
    public RunPage page(RunFilter filter, Long cursor, int limit) {
        List<Run> page = runs.page(filter.status(), filter.since(), filter.schedule(), cursor, limit + 1);
        Long next = page.size() > limit ? page.get(limit - 1).id() : null;
        return new RunPage(page.stream().limit(limit).map(RunView::of).toList(), next);
    }

    public RunView one(long id) {
        return runs.find(id).map(RunView::of).orElseThrow(() -> RefusedException.notFound("no run " + id));
    }

    /** @throws RefusedException (NOT_FOUND) when there is no such schedule */
    public List<RunView> ofSchedule(String name, int limit) {
        schedules.require(name);
        return runs.recent(name, limit).stream().map(RunView::of).toList();
    }

    /** A schedule's changes, newest first; those of a deleted schedule too, as long as it has some. */
    public List<ChangeView> changesOf(String name, int limit) {
        List<ChangeView> found = ScheduleViews.isName(name)
                ? changes.forSchedule(name, limit).stream().map(ChangeView::of).toList() : List.of();
        if (found.isEmpty()) {
            schedules.require(name);
        }
        return found;
    }
}
