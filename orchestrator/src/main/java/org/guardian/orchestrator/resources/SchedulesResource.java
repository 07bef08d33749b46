package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.guardian.orchestrator.api.ScheduleRequest;
import org.guardian.orchestrator.api.ScheduleView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.query.ScheduleFilter;
import org.guardian.orchestrator.query.ScheduleListCache;
import org.guardian.orchestrator.query.SchedulePages;
import org.guardian.orchestrator.query.ScheduleViews;
import org.guardian.orchestrator.scheduler.sync.ScheduleEditor;

import java.util.List;

/** The collection of schedules: list and create. */
@Path("/api/schedules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SchedulesResource {
    /** The most schedules listed without paging. */
    public static final int UNPAGED_MAX = 1000;
    private static final int PAGE = 100;
    private final ScheduleViews views;
    private final SchedulePages pages;
    private final ScheduleListCache listing;
    private final ScheduleEditor editor;

    public SchedulesResource(ScheduleViews views, SchedulePages pages, ScheduleListCache listing, ScheduleEditor editor) {
        this.views = views;
        this.pages = pages;
        this.listing = listing;
        this.editor = editor;
    }

    /**
     * Every schedule (a JSON array; 304 when If-None-Match still holds), refused above
     * {@link #UNPAGED_MAX} schedules; or, given {@code limit}, {@code cursor}, {@code state} or
     * {@code prefix}, one page of them in name order.
     */
    @GET
    @Timed
    public Response list(@Context Request request, @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
                         @QueryParam("limit") @Min(1) @Max(500) Integer limit, @QueryParam("cursor") String cursor,
                         @QueryParam("state") String state, @QueryParam("prefix") String prefix) {
        ScheduleFilter filter = ScheduleFilter.of(state, prefix);
        if (limit != null || cursor != null || filter.any()) {
            byte[] page = pages.page(filter, ScheduleFilter.cursor(cursor), limit == null ? PAGE : limit);
            return Response.ok(page, MediaType.APPLICATION_JSON_TYPE).build();
        }
        return whole(request, acceptEncoding);
    }

    private Response whole(Request request, String acceptEncoding) {
        ScheduleListCache.Snapshot snapshot = listing.current(UNPAGED_MAX);
        if (snapshot.listing() == null) {
            throw RefusedException.malformed(List.of("limit: needed above " + UNPAGED_MAX + " schedules (there are "
                    + snapshot.count() + "): page with ?limit=" + PAGE + ", then ?cursor= the nextCursor of each page"));
        }
        ScheduleListCache.Listing current = snapshot.listing();
        EntityTag tag = new EntityTag(current.etag());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.build();
        }
        Response.ResponseBuilder ok = acceptsGzip(acceptEncoding)
                ? Response.ok(current.gzippedJson(), MediaType.APPLICATION_JSON_TYPE)
                        .header(HttpHeaders.CONTENT_ENCODING, "gzip")
                : Response.ok(current.json(), MediaType.APPLICATION_JSON_TYPE);
        return ok.tag(tag).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING).build();
    }

    /** True when the Accept-Encoding header lists gzip without refusing it (q=0). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].replace(" ", "");
                    if (param.startsWith("q=") && !positive(param.substring(2))) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static boolean positive(String quality) {
        try {
            return Double.parseDouble(quality) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @POST
    @Timed
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid ScheduleRequest request, @Context SecurityContext security,
                           @Context UriInfo uri) {
        if (request.name() == null) {
            throw RefusedException.invalid(List.of("name: must not be null"));
        }
        editor.create(request.toDefinition(request.name()), Users.of(security));
        ScheduleView created = views.one(request.name());
        return Response.created(uri.getAbsolutePathBuilder().path(request.name()).build())
                .tag(new EntityTag(Long.toString(created.version()))).entity(created).build();
    }
}
