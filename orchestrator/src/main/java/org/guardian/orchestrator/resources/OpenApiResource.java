package org.guardian.orchestrator.resources;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The OpenAPI 3 document of the API, as JSON or YAML, open without credentials: it holds no data,
 * only the routes, bodies and roles, and tools (client generators, Swagger UI) fetch it anonymously.
 */
@Path("/api/openapi.{type:json|yaml}")
@Hidden
public class OpenApiResource {
    private final ApiDocument document;

    public OpenApiResource(ApiDocument document) {
        this.document = document;
    }

    @GET
    public Response get(@PathParam("type") String type) {
        return type.equals("yaml")
                ? Response.ok(document.yaml(), "application/yaml").build()
                : Response.ok(document.json(), "application/json").build();
    }
}
