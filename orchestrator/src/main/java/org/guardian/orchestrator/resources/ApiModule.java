package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.servlet.DispatcherType;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.auth.ClientAddressFilter;
import org.guardian.orchestrator.auth.LoginThrottle;
import org.guardian.orchestrator.auth.RoleAuthorizer;
import org.guardian.orchestrator.auth.ThrottledBasicAuthFilter;
import org.guardian.orchestrator.auth.User;
import org.guardian.orchestrator.auth.UserDirectory;
import org.guardian.orchestrator.core.ScheduleValidator;
import org.guardian.orchestrator.db.ChangeDao;
import org.guardian.orchestrator.scheduler.store.SchedulerStateDao;
import org.guardian.orchestrator.db.Database;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.guardian.orchestrator.scheduler.sync.ScheduleEditor;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;

/** The REST API of SPEC section 7: HTTP Basic users with roles, error mapping, and one resource per noun. */
public final class ApiModule {
    private static final String REALM = "Guardian Orchestrator";

    private ApiModule() {
    }

    public static void register(Environment environment, OrchestratorConfiguration config, Database database,
                                OrchestratorNode node, OperationRegistry registry, Clock clock) {
        environment.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        registerAuth(environment, config, clock);
        JerseyEnvironment jersey = environment.jersey();
        jersey.register(new RefusedExceptionMapper());
        jersey.register(new RefusedExceptionMapper.NotFound());
        jersey.register(new SchedulingUnavailableMapper());
        jersey.register(new BadParameterMapper());
        jersey.register(new BodySizeLimit());
        ScheduleDao schedules = database.jdbi().onDemand(ScheduleDao.class);
        RunDao runs = database.jdbi().onDemand(RunDao.class);
        ScheduleViews views = new ScheduleViews(schedules, runs, node.service(), new CronCache(), clock);
        ScheduleEditor editor = new ScheduleEditor(database.jdbi(), new ScheduleValidator(registry), node.synchronizer());
        jersey.register(new SchedulesResource(views,
                new ScheduleListCache(schedules, views, environment.getObjectMapper(), clock), editor));
        jersey.register(new ScheduleResource(views, editor, node.service(), runs,
                database.jdbi().onDemand(ChangeDao.class)));
        jersey.register(new RunsResource(runs));
        jersey.register(new DagResource(schedules));
        jersey.register(new SchedulerResource(node.nodeId(), node.service(),
                database.jdbi().onDemand(SchedulerStateDao.class), runs));
        jersey.register(new OperationsResource(registry));
    }

    private static void registerAuth(Environment environment, OrchestratorConfiguration config, Clock clock) {
        environment.servlets().addFilter("client-address", new ClientAddressFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        UserDirectory users = UserDirectory.of(config.getAuth(), new SecureRandom());
        environment.jersey().register(new AuthDynamicFeature(new ThrottledBasicAuthFilter.Builder(new LoginThrottle(clock), users::canLogIn)
                .setAuthenticator(credentials -> users.verify(credentials.getUsername(), credentials.getPassword()))
                .setAuthorizer(new RoleAuthorizer())
                .setRealm(REALM)
                .buildAuthFilter()));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new io.dropwizard.auth.AuthValueFactoryProvider.Binder<>(User.class));
    }
}
