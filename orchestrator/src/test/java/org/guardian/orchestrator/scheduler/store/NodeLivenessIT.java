package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.scheduler.LoopProgress;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.db.NodeFencedException;
import org.guardian.orchestrator.db.NodeSessions;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;

/** A node's membership: one live process per node id, incarnations that cannot collide, fences that hold. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NodeLivenessIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    private DatabaseSettings settings() {
        DatabaseSettings settings = new DatabaseSettings();
        settings.setUrl(db.jdbcUrl());
        settings.setUser(db.user());
        settings.setPassword(db.password());
        return settings;
    }

    @Test
    void nodeIdsWhoseHashesCollideStillGetLocksOfTheirOwn() throws Exception {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        cluster.start("Aa");
        cluster.start("BB");
        assertThat(cluster.nodes()).hasSize(2);
    }

    @Test
    void aSecondLiveProcessWithTheSameNodeIdIsRefused() throws Exception {
        cluster.start("twin");
        assertThatThrownBy(() -> NodeLiveness.join(settings(), "twin")).hasMessageContaining("ORCH_NODE_ID");
    }

    @Test
    void aNewStartSupersedesTheIncarnationOfAProcessThatDied() throws Exception {
        long dead = db.registerIncarnation("phoenix");
        try (NodeLiveness reborn = NodeLiveness.join(settings(), "phoenix")) {
            assertThat(reborn.identity().incarnation()).isGreaterThan(dead);
            assertThat(scalar(db, "SELECT fence_reason FROM orchestrator.node_incarnations WHERE incarnation = " + dead))
                    .contains("superseded by incarnation " + reborn.identity().incarnation());
        }
    }

    @Test
    void aFencedIncarnationOpensNoSessionAndLearnsItWasFenced() throws Exception {
        try (NodeLiveness liveness = NodeLiveness.join(settings(), "doomed")) {
            AtomicReference<String> fencedBecause = new AtomicReference<>();
            liveness.start(Duration.ofMillis(200), fencedBecause::set,
                    new LoopProgress("heartbeat", Duration.ofSeconds(30), System::nanoTime));
            db.execute("UPDATE orchestrator.node_incarnations SET fenced_at = now(), fenced_by = 'test',"
                    + " fence_reason = 'declared dead' WHERE incarnation = " + liveness.identity().incarnation());

            assertThatThrownBy(() -> NodeSessions.open(settings(), liveness.identity()))
                    .isInstanceOf(NodeFencedException.class).hasMessageContaining("declared dead");
            await().atMost(Duration.ofSeconds(10)).until(() -> fencedBecause.get() != null);
            assertThat(fencedBecause.get()).contains("declared dead");
            assertThat(liveness.isFenced()).isTrue();
        }
    }

    @Test
    void aNodesSessionsCarryItsIncarnationAndServerSideKeepalives() throws Exception {
        try (NodeLiveness liveness = NodeLiveness.join(settings(), "tagged");
             var session = NodeSessions.open(settings(), liveness.identity());
             var statement = session.createStatement();
             var rs = statement.executeQuery("SELECT current_setting('application_name'),"
                     + " current_setting('tcp_keepalives_idle'), current_setting('tcp_user_timeout')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("guardian/" + liveness.identity().incarnation() + "/tagged");
            assertThat(rs.getString(2)).isEqualTo("5");
            assertThat(rs.getString(3)).isEqualTo("15000");
        }
    }

    @Test
    void aCleanStopEndsTheIncarnation() throws Exception {
        var node = cluster.start("leaver");
        long incarnation = node.liveness().identity().incarnation();
        cluster.stop(node);
        assertThat(scalar(db, "SELECT fence_reason FROM orchestrator.node_incarnations WHERE incarnation = "
                + incarnation)).isEqualTo("stopped");
        await().atMost(Duration.ofSeconds(10)).until(() -> scalar(db, "SELECT count(*) FROM pg_stat_activity"
                + " WHERE application_name LIKE 'guardian/" + incarnation + "/%'").equals("0"));
    }
}
