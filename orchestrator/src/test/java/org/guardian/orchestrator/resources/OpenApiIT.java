package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document describes exactly the routes the node serves, read from the resource classes by reflection. */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpenApiIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("openapi-node");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private final ApiClient api = new ApiClient(APP);

    @Test
    void everyRouteIsDocumentedWithItsMethodAndNoOtherIs() {
        assertThat(documentedRoutes()).isEqualTo(servedRoutes()).contains("PATCH /api/schedules/{name}");
    }

    @Test
    void theDocumentIsOpenApi3WithHttpBasicRequiredEverywhere() {
        JsonNode document = document();
        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(document.at("/components/securitySchemes/basicAuth/type").asText()).isEqualTo("http");
        assertThat(document.at("/components/securitySchemes/basicAuth/scheme").asText()).isEqualTo("basic");
        assertThat(document.at("/security/0").has("basicAuth")).isTrue();
    }

    @Test
    void eachOperationNamesItsLeastRole() {
        JsonNode paths = document().get("paths");
        assertThat(paths.at("/~1api~1schedules~1{name}/patch/x-least-role").asText()).isEqualTo("admin");
        assertThat(paths.at("/~1api~1schedules~1{name}~1pause/post/x-least-role").asText()).isEqualTo("operator");
        assertThat(paths.at("/~1api~1runs/get/x-least-role").asText()).isEqualTo("viewer");
        JsonNode loginSecurity = paths.at("/~1api~1session/post/security");
        assertThat(loginSecurity.isArray() && loginSecurity.isEmpty()).as("logging in needs no credentials").isTrue();
        assertThat(paths.at("/~1api~1session/get/x-least-role").asText()).isEqualTo("viewer");
        Iterator<Map.Entry<String, JsonNode>> items = paths.fields();
        while (items.hasNext()) {
            Map.Entry<String, JsonNode> item = items.next();
            METHODS.stream().filter(item.getValue()::has).forEach(m -> {
                JsonNode operation = item.getValue().get(m);
                boolean open = operation.path("security").isArray() && operation.path("security").isEmpty();
                assertThat(operation.has("x-least-role") || open).as(m + " " + item.getKey()).isTrue();
            });
        }
    }

    @Test
    void theYamlFormIsServedToo() {
        Response response = api.get(null, "/api/openapi.yaml");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.readEntity(String.class)).startsWith("openapi: 3.");
    }

    private JsonNode document() {
        Response response = api.get(null, "/api/openapi.json");
        assertThat(response.getStatus()).as("readable without credentials").isEqualTo(200);
        return response.readEntity(JsonNode.class);
    }

    private Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        document().get("paths").fields().forEachRemaining(item -> METHODS.stream().filter(item.getValue()::has)
                .forEach(m -> routes.add(m.toUpperCase() + " " + item.getKey())));
        return routes;
    }

    /** Each public method of a registered resource class under /api with an HTTP method annotation. */
    private static Set<String> servedRoutes() {
        ResourceConfig config = APP.getEnvironment().jersey().getResourceConfig();
        Set<Class<?>> classes = new LinkedHashSet<>(config.getClasses());
        config.getInstances().forEach(instance -> classes.add(instance.getClass()));
        Set<String> routes = new TreeSet<>();
        for (Class<?> c : classes) {
            Path base = c.getAnnotation(Path.class);
            if (base == null || c.isAnnotationPresent(Hidden.class) || !base.value().startsWith("/api")) {
                continue;
            }
            for (Method m : c.getMethods()) {
                String verb = verb(m);
                if (verb != null) {
                    Path sub = m.getAnnotation(Path.class);
                    routes.add(verb + " " + plain(base.value() + (sub == null ? "" : "/" + sub.value())));
                }
            }
        }
        assertThat(new HashSet<>(routes)).as("routes found").hasSizeGreaterThan(20);
        return routes;
    }

    private static String verb(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** Without path-parameter patterns, doubled or trailing slashes. */
    private static String plain(String path) {
        String p = path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("//+", "/");
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
