package org.guardian.orchestrator.resources;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.glassfish.jersey.server.ResourceConfig;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The OpenAPI 3 document of the API, read by swagger-jaxrs2 from the resource classes registered
 * under {@code /api} (built at the first request, once every resource is registered), with HTTP
 * Basic as its security scheme and each operation's least role.
 */
public final class ApiDocument {
    static final String SECURITY = "basicAuth";
    static final String ROLE_EXTENSION = "x-least-role";
    private static final String DESCRIPTION = "Schedules, runs, the dependency graph and the cluster of a Guardian"
            + " Orchestrator. Every route needs HTTP Basic credentials (401 without). Roles include the ones before"
            + " them: viewer (reads) < operator (pause, resume, reset, trigger) < admin (create, change, delete,"
            + " cluster-wide pause); each operation names its least role in " + ROLE_EXTENSION + " (403 below it).";

    private record Rendered(String json, String yaml) {
    }

    private final ResourceConfig config;
    private volatile Rendered rendered;

    public ApiDocument(ResourceConfig config) {
        this.config = config;
    }

    String json() {
        return rendered().json();
    }

    String yaml() {
        return rendered().yaml();
    }

    private Rendered rendered() {
        Rendered done = rendered;
        if (done == null) {
            synchronized (this) {
                if (rendered == null) {
                    OpenAPI api = of(ApiRoutes.resourceClasses(config));
                    rendered = new Rendered(Json.pretty(api), Yaml.pretty(api));
                }
                done = rendered;
            }
        }
        return done;
    }

    /** The document of {@code classes}. */
    static OpenAPI of(Set<Class<?>> classes) {
        OpenAPI base = new OpenAPI()
                .info(new Info().title("Guardian Orchestrator API").version("1").description(DESCRIPTION))
                .components(new Components().addSecuritySchemes(SECURITY, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("The users admin, operator and viewer; passwords from the node's environment")))
                .addSecurityItem(new SecurityRequirement().addList(SECURITY));
        OpenAPI api = new Reader(new SwaggerConfiguration().openAPI(base)).read(classes);
        describeRoles(api, ApiRoutes.of(classes));
        return api;
    }

    private static void describeRoles(OpenAPI api, Collection<ApiRoutes.Route> routes) {
        for (ApiRoutes.Route route : routes) {
            PathItem item = api.getPaths() == null ? null : api.getPaths().get(route.path());
            Operation operation = item == null ? null
                    : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(route.method()));
            if (operation == null) {
                continue;
            }
            if (route.leastRole() == null) {
                operation.setSecurity(List.of());
            } else {
                operation.addExtension(ROLE_EXTENSION, route.leastRole());
                operation.setDescription("Least role: " + route.leastRole() + ".");
            }
        }
    }
}
