package org.guardian.orchestrator.resources;

import io.dropwizard.assets.AssetsBundle;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * The operator console: static files from the jar under {@code /console/}, the WebJars it uses under
 * {@code /webjars/}, and {@code /} redirecting to it. The files are public; the data they show
 * comes from the API, which asks for a login.
 */
@Path("/")
public class ConsoleAssets {
    public static final String PATH = "/console/";

    public static List<AssetsBundle> bundles() {
        return List.of(new AssetsBundle("/console", PATH, "index.html", "console"),
                new AssetsBundle("/META-INF/resources/webjars", "/webjars/", null, "webjars"));
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create(PATH)).build();
    }
}
