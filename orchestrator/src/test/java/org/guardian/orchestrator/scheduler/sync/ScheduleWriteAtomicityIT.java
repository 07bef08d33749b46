package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.api.ScheduleRequest;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.ScheduleDefinition;
import org.guardian.orchestrator.core.ScheduleValidator;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.Scheduler;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.guardian.orchestrator.testing.RefusingScheduler.refusing;

/** A create or replace changes the table and Quartz together, or neither. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ScheduleWriteAtomicityIT {
    private static final OperationRegistry REGISTRY = OperationRegistry.load(true);
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);
    private final Jdbi jdbi = Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
    private Scheduler quartz;

    @BeforeEach
    void oneNode() throws Exception {
        quartz = cluster.start("node-a").scheduler();
    }

    @Test
    void aCreateQuartzRefusesStoresNothing() {
        String table = StoredSchedules.snapshot();
        String jobs = StoredSchedules.quartzSnapshot();

        assertThatThrownBy(() -> editor(refusing(quartz, "doomed")).create(definition("doomed", "0 0 3 * * ?"),
                "tester")).isInstanceOf(RefusedException.class).hasMessageContaining("cron");

        assertThat(StoredSchedules.snapshot()).isEqualTo(table);
        assertThat(StoredSchedules.quartzSnapshot()).isEqualTo(jobs);
        assertThat(StoredSchedules.quartzJobExists("doomed")).isFalse();
    }

    @Test
    void aReplaceQuartzRefusesKeepsTheOldDefinitionInTableAndQuartz() throws Exception {
        editor(quartz).create(definition("steady", "0 0 3 * * ?"), "tester");
        String table = StoredSchedules.snapshot();
        String jobs = StoredSchedules.quartzSnapshot();

        assertThatThrownBy(() -> editor(refusing(quartz, "steady")).replace(definition("steady", "0 0 4 * * ?"),
                OptionalLong.empty(), "tester")).isInstanceOf(RefusedException.class);

        assertThat(StoredSchedules.snapshot()).isEqualTo(table);
        assertThat(StoredSchedules.quartzSnapshot()).isEqualTo(jobs).contains("0 0 3 * * ?");
    }

    @Test
    void aCreateWhoseCommitFailsLeavesNothingInQuartz() {
        db.execute("CREATE FUNCTION orchestrator.refuse_commit() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'refused at commit for the test'; END $$;"
                + " CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON orchestrator.maintenance_schedules"
                + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION orchestrator.refuse_commit()");
        try {
            assertThatThrownBy(() -> editor(quartz).create(definition("doomed", "0 0 3 * * ?"), "tester"))
                    .hasStackTraceContaining("refused at commit");
        } finally {
            db.execute("DROP TRIGGER refuse_commit ON orchestrator.maintenance_schedules;"
                    + " DROP FUNCTION orchestrator.refuse_commit()");
        }

        assertThat(StoredSchedules.quartzJobExists("doomed")).isFalse();
        assertThat(StoredSchedules.snapshot()).doesNotContain("doomed");
    }

    private ScheduleEditor editor(Scheduler scheduler) {
        ScheduleSynchronizer synchronizer = new ScheduleSynchronizer(jdbi, scheduler, REGISTRY, new CronCache(),
                Clock.systemUTC(), 60);
        return new ScheduleEditor(jdbi, new ScheduleValidator(REGISTRY), synchronizer);
    }

    private static ScheduleDefinition definition(String name, String cron) {
        return new ScheduleRequest(name, "noop", cron, null, null, null, null, null, null, null, null, null, null, null,
                null, null)
                .toDefinition(name);
    }
}
