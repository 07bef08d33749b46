package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.servlet.DispatcherType;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.api.IsoInstantSerializer;
import org.guardian.orchestrator.api.MergePatches;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.auth.ApiAuthFilter;
import org.guardian.orchestrator.auth.ClientAddressFilter;
import org.guardian.orchestrator.auth.ConsoleLogin;
import org.guardian.orchestrator.auth.ConsoleSessions;
import org.guardian.orchestrator.auth.LoginThrottle;
import org.guardian.orchestrator.auth.RoleAuthorizer;
import org.guardian.orchestrator.auth.SessionAuthFilter;
import org.guardian.orchestrator.auth.ThrottledBasicAuthFilter;
import org.guardian.orchestrator.auth.User;
import org.guardian.orchestrator.auth.UserDirectory;
import org.guardian.orchestrator.core.ScheduleValidator;
import org.guardian.orchestrator.notify.NotificationService;
import org.guardian.orchestrator.query.ClusterView;
import org.guardian.orchestrator.query.CronPreviews;
import org.guardian.orchestrator.query.DagCache;
import org.guardian.orchestrator.query.LatestRuns;
import org.guardian.orchestrator.query.RunHistory;
import org.guardian.orchestrator.query.ScheduleListCache;
import org.guardian.orchestrator.query.SchedulePages;
import org.guardian.orchestrator.query.ScheduleViews;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.guardian.orchestrator.scheduler.sync.ScheduleEditor;
import org.jdbi.v3.core.Jdbi;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;

/**
 * The REST API: users with roles (HTTP Basic or the console's session), error mapping, and one
 * resource per noun, each calling the services that read ({@code query}) and change
 * ({@code scheduler.sync}) schedules; the console's static files.
 */
public final class ApiModule {
    private static final String REALM = "Guardian Orchestrator";

    private ApiModule() {
    }

    public static void register(Environment environment, OrchestratorConfiguration config, Jdbi jdbi,
                                OrchestratorNode node, OperationRegistry registry, Clock clock) {
        environment.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .registerModule(new SimpleModule("iso-instants").addSerializer(Instant.class, new IsoInstantSerializer()));
        registerAuth(environment, config, clock);
        JerseyEnvironment jersey = environment.jersey();
        jersey.register(new RefusedExceptionMapper());
        jersey.register(new RefusedExceptionMapper.NotFound());
        jersey.register(new SchedulingUnavailableMapper());
        jersey.register(new DatabaseUnavailableMapper());
        jersey.register(new BadParameterMapper());
        jersey.register(new BodySizeLimit());
        ScheduleViews views = new ScheduleViews(jdbi, node.service(), node.crons(), clock);
        ScheduleEditor editor = new ScheduleEditor(jdbi, new ScheduleValidator(registry), node.synchronizer());
        RunHistory history = new RunHistory(jdbi, views);
        ObjectMapper json = environment.getObjectMapper();
        SchedulePages pages = new SchedulePages(jdbi, views, json, clock);
        jersey.register(new SchedulesResource(views, pages, new ScheduleListCache(jdbi, pages, clock), editor));
        jersey.register(new ScheduleResource(views, editor, node.service(), history,
                new MergePatches(environment.getObjectMapper(), environment.getValidator())));
        jersey.register(new RunsResource(history));
        DagCache dag = new DagCache(jdbi, environment.getObjectMapper());
        jersey.register(new DagResource(dag));
        environment.lifecycle().addServerLifecycleListener(server -> dag.warmInBackground());
        jersey.register(new SchedulerResource(new ClusterView(node.nodeId(), jdbi, node.service()), node.service()));
        jersey.register(new OperationsResource(registry));
        jersey.register(new NotificationsResource(new NotificationService(jdbi, node.notifier())));
        jersey.register(new CronPreviewResource(new CronPreviews(clock)));
        jersey.register(new ConsoleResource(new LatestRuns(jdbi, views)));
        jersey.register(new ConsoleAssets());
        jersey.register(new OpenApiResource(new ApiDocument(jersey.getResourceConfig())));
    }

    private static void registerAuth(Environment environment, OrchestratorConfiguration config, Clock clock) {
        environment.servlets().addFilter("client-address", new ClientAddressFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        environment.servlets().addFilter("console-revalidation", new ConsoleRevalidation())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, ConsoleAssets.PATH + "*", "/webjars/*");
        SecureRandom random = new SecureRandom();
        UserDirectory users = UserDirectory.of(config.getAuth(), random);
        LoginThrottle throttle = new LoginThrottle(clock);
        ConsoleSessions sessions = new ConsoleSessions(clock, random, ConsoleSessions.DEFAULT_IDLE);
        ThrottledBasicAuthFilter basic = new ThrottledBasicAuthFilter.Builder(throttle, users::canLogIn)
                .setAuthenticator(credentials -> users.verify(credentials.getUsername(), credentials.getPassword()))
                .setAuthorizer(new RoleAuthorizer())
                .setRealm(REALM)
                .buildAuthFilter();
        SessionAuthFilter session = new SessionAuthFilter.Builder()
                .setAuthenticator(sessions::user)
                .setAuthorizer(new RoleAuthorizer())
                .setPrefix(SessionAuthFilter.CHALLENGE)
                .setRealm(REALM)
                .buildAuthFilter();
        environment.jersey().register(new AuthDynamicFeature(new ApiAuthFilter(basic, session)));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new io.dropwizard.auth.AuthValueFactoryProvider.Binder<>(User.class));
        environment.jersey().register(new SessionResource(new ConsoleLogin(users, throttle, sessions)));
    }
}
