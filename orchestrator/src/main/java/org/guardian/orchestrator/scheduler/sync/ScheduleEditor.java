package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.DependencyGraph;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleDefinition;
import org.guardian.orchestrator.core.ScheduleEvent;
import org.guardian.orchestrator.core.ScheduleTransitions;
import org.guardian.orchestrator.core.ScheduleValidator;
import org.guardian.orchestrator.core.SchedulingUnavailableException;
import org.guardian.orchestrator.db.AuditJson;
import org.guardian.orchestrator.db.ChangeDao;
import org.guardian.orchestrator.db.ScheduleColumns;
import org.guardian.orchestrator.db.ScheduleDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.quartz.SchedulerException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Creates, replaces and deletes schedule definitions: each write and its audit row in one
 * transaction (definition writes serialized cluster-wide so the cycle check sees them all). A
 * create or replace brings Quartz in step before its transaction commits, so that the row and
 * Quartz change together or not at all; a refused write changes nothing. A failure of Quartz is a
 * {@link SchedulingUnavailableException}.
 */
public final class ScheduleEditor {
    private final Jdbi jdbi;
    private final ScheduleValidator validator;
    private final ScheduleSynchronizer synchronizer;

    public ScheduleEditor(Jdbi jdbi, ScheduleValidator validator, ScheduleSynchronizer synchronizer) {
        this.jdbi = jdbi;
        this.validator = validator;
        this.synchronizer = synchronizer;
    }

    public void create(ScheduleDefinition definition, String user) {
        check(definition);
        write(definition.name(), (handle, quartz) -> insert(handle, quartz, definition, user));
    }

    /** @param expectedVersion the version the caller read ({@code If-Match}), or empty for "whatever is there" */
    public void replace(ScheduleDefinition definition, OptionalLong expectedVersion, String user) {
        check(definition);
        write(definition.name(), (handle, quartz) -> update(handle, quartz, definition, expectedVersion, user));
    }

    /**
     * Changes the definition as {@code change} says, reading and writing it in one transaction; a
     * stale {@code expectedVersion} is refused before the change is looked at.
     *
     * @param expectedVersion the version the caller read ({@code If-Match}), or empty for the one read here
     */
    public void patch(String name, UnaryOperator<ScheduleDefinition> change, OptionalLong expectedVersion,
                      String user) {
        write(name, (handle, quartz) -> {
            Schedule current = require(lock(handle), name);
            long expected = expectedVersion.orElse(current.version());
            if (current.version() != expected) {
                throw stale(name, expected, current.version());
            }
            ScheduleDefinition changed = change.apply(ScheduleDefinition.of(current));
            check(changed);
            update(handle, quartz, changed, OptionalLong.of(expected), user);
        });
    }

    private void write(String name, InStepWrite write) {
        QuartzCalls.run("schedule " + name + " was not written", () -> synchronizer.writeInStep(name, write));
    }

    private static void insert(Handle handle, QuartzStep quartz, ScheduleDefinition definition, String user)
            throws SchedulerException {
        ScheduleDao dao = lock(handle);
        if (dao.find(definition.name()).isPresent()) {
            throw RefusedException.conflict("a schedule named " + definition.name() + " already exists");
        }
        checkGraph(dao.findAll(), definition);
        quartz.bringInStep(Schedule.planned(definition, null));
        dao.insert(new ScheduleColumns(definition));
        handle.attach(ChangeDao.class).record(definition.name(), "CREATE", user, null, AuditJson.of(definition));
    }

    private static void update(Handle handle, QuartzStep quartz, ScheduleDefinition definition,
                               OptionalLong expectedVersion, String user) throws SchedulerException {
        ScheduleDao dao = lock(handle);
        Schedule current = require(dao, definition.name());
        long expected = expectedVersion.orElse(current.version());
        if (current.version() != expected) {
            throw stale(definition.name(), expected, current.version());
        }
        checkGraph(dao.findAll(), definition);
        if (definition.enabled() != current.enabled()) {
            ScheduleTransitions.require(current, definition.enabled() ? ScheduleEvent.ENABLE : ScheduleEvent.DISABLE);
        }
        quartz.bringInStep(Schedule.planned(definition, current));
        if (dao.update(new ScheduleColumns(definition), expected) != 1) {
            throw stale(definition.name(), expected, current.version());
        }
        handle.attach(ChangeDao.class).record(definition.name(), "UPDATE", user,
                AuditJson.of(ScheduleDefinition.of(current)), AuditJson.of(definition));
    }

    public void delete(String name, String user) {
        jdbi.useTransaction(handle -> {
            ScheduleDao dao = lock(handle);
            Schedule current = require(dao, name);
            List<String> dependents = dao.findAll().stream()
                    .filter(s -> s.dependsOn().contains(name)).map(Schedule::name).sorted().toList();
            if (!dependents.isEmpty()) {
                throw RefusedException.conflict("schedule " + name + " is depended on by " + String.join(", ", dependents));
            }
            dao.delete(name);
            handle.attach(ChangeDao.class).record(name, "DELETE", user, AuditJson.of(ScheduleDefinition.of(current)), null);
        });
        QuartzCalls.run("schedule " + name + " is deleted, but its job is still in Quartz (the reconciler will"
                + " remove it)", () -> synchronizer.apply(name));
    }

    /** Everything that needs no transaction: fields, cron, zone, operation, config, and what Quartz takes. */
    private void check(ScheduleDefinition definition) {
        validator.check(definition);
        synchronizer.checkSchedulable(definition);
    }

    private static ScheduleDao lock(Handle handle) {
        ScheduleDao dao = handle.attach(ScheduleDao.class);
        dao.lockDefinitions();
        return dao;
    }

    private static Schedule require(ScheduleDao dao, String name) {
        return dao.find(name).orElseThrow(() -> RefusedException.notFound("no schedule named " + name));
    }

    /** Unknown dependencies are 422; a cycle through the new definition is 409 with its path. */
    private static void checkGraph(List<Schedule> all, ScheduleDefinition definition) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        all.forEach(s -> deps.put(s.name(), s.dependsOn()));
        List<String> unknown = definition.dependsOn().stream().filter(d -> !deps.containsKey(d)).toList();
        if (!unknown.isEmpty()) {
            throw RefusedException.invalid(List.of("dependsOn: unknown schedule " + String.join(", ", unknown)));
        }
        deps.put(definition.name(), definition.dependsOn());
        String cycle = DependencyGraph.of(deps).cycleThrough(definition.name());
        if (cycle != null) {
            throw RefusedException.conflict("dependency cycle " + cycle);
        }
    }

    private static RefusedException stale(String name, long expected, long actual) {
        return RefusedException.stale("schedule " + name + " is at version " + actual + ", not " + expected);
    }
}
