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
    private final RunDao runs;

    public RunsResource(RunDao runs) {
        this.runs = runs;
    }

    @GET
    @Timed
    public RunPage list(@QueryParam("status") String status, @QueryParam("since") String since,
                        @QueryParam("schedule") String schedule, @QueryParam("cursor") Long cursor,
                        @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        List<Run> page = runs.page(status(status), instant(since), schedule, cursor, limit + 1);
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
            throw RefusedException.invalid(List.of("status: must be one of " + List.of(RunStatus.values())));
        }
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw RefusedException.invalid(List.of("since: must be an ISO-8601 instant such as 2026-01-31T00:00:00Z"));
        }
    }
}
