package org.guardian.orchestrator.resources;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The routes of the API's resource classes as Jersey models them, each with the least role it needs. */
final class ApiRoutes {
    /** One route; {@code leastRole} is null for a route open without credentials. */
    record Route(String method, String path, String leastRole) {
    }

    private ApiRoutes() {
    }

    /** The resource classes registered under {@code /api}, but those hidden from the document. */
    static Set<Class<?>> resourceClasses(ResourceConfig config) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        config.getInstances().forEach(instance -> classes.add(instance.getClass()));
        classes.addAll(config.getClasses());
        classes.removeIf(c -> !c.isAnnotationPresent(Path.class) || c.isAnnotationPresent(Hidden.class)
                || !normalize(c.getAnnotation(Path.class).value()).startsWith("/api"));
        return classes;
    }

    static List<Route> of(Collection<Class<?>> classes) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> c : classes) {
            Resource resource = Resource.from(c);
            String base = normalize(resource.getPath());
            add(routes, base, resource.getResourceMethods(), c);
            for (Resource child : resource.getChildResources()) {
                add(routes, normalize(base + "/" + child.getPath()), child.getResourceMethods(), c);
            }
        }
        return routes;
    }

    private static void add(List<Route> routes, String path, List<ResourceMethod> methods, Class<?> c) {
        for (ResourceMethod m : methods) {
            routes.add(new Route(m.getHttpMethod(), path, leastRole(m.getInvocable().getHandlingMethod(), c)));
        }
    }

    private static String leastRole(Method method, Class<?> c) {
        if (method.isAnnotationPresent(PermitAll.class)) {
            return null;
        }
        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class)
                ? method.getAnnotation(RolesAllowed.class) : c.getAnnotation(RolesAllowed.class);
        return roles == null ? null : String.join(", ", roles.value());
    }

    /** {@code /api/runs/{id: [0-9]+}/} as OpenAPI writes it: {@code /api/runs/{id}}. */
    static String normalize(String path) {
        String plain = ("/" + path).replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }
}
