package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.guardian.orchestrator.api.RunPage;
import org.guardian.orchestrator.api.ScheduleRequest;
import org.guardian.orchestrator.api.RunView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.Run;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.db.RunDao;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Run history across schedules, newest first, filtered and paged by a cursor on the run id. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class RunsResource {
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private final RunDao runs;

    public RunsResource(RunDao runs) {
        this.runs = runs;
    }

    @GET
    @Timed
    public RunPage list(@QueryParam("status") String status, @QueryParam("since") String since,
                        @QueryParam("schedule") String schedule, @QueryParam("cursor") Long cursor,
                        @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        List<Run> page = runs.page(status(status), instant(since), schedule(schedule), cursor, limit + 1);
        Long next = page.size() > limit ? page.get(limit - 1).id() : null;
        return new RunPage(page.stream().limit(limit).map(RunView::of).toList(), next);
    }

    @GET
    @Path("{id}")
    @Timed
    public RunView get(@PathParam("id") long id) {
        return runs.find(id).map(RunView::of).orElseThrow(() -> RefusedException.notFound("no run " + id));
    }

    private static String status(String text) {
        if (text == null) {
            return null;
        }
        try {
            return RunStatus.valueOf(text.toUpperCase()).name();
        } catch (IllegalArgumentException e) {
            throw RefusedException.malformed(List.of("status: must be one of " + List.of(RunStatus.values())));
        }
    }

    /** An instant the database can compare with (years 1 to 9999). */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            Instant instant = Instant.parse(text);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw RefusedException.malformed(List.of("since: must be between years 1 and 9999"));
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw RefusedException.malformed(List.of("since: must be an ISO-8601 instant such as 2026-01-31T00:00:00Z"));
        }
    }

    private static String schedule(String name) {
        if (name != null && !name.matches(ScheduleRequest.NAME_PATTERN)) {
            throw RefusedException.malformed(List.of("schedule: must be a schedule name (" + ScheduleRequest.NAME_PATTERN
                    + ")"));
        }
        return name;
    }
}
