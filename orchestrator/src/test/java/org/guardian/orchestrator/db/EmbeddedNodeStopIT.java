package org.guardian.orchestrator.db;

import org.guardian.orchestrator.testing.NodeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node on its embedded PostgreSQL (README, "Getting started") stopped as a service manager stops
 * it: its last writes reach the database before the server stops, and no server is left running.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EmbeddedNodeStopIT {
    private static final String NODE = "embedded-stop";

    @TempDir
    Path dataDir;

    @Test
    void aStoppedNodeRecordsItsEndBeforeItsEmbeddedServerStops() throws Exception {
        String first = startAndStop();
        String second = startAndStop();

        assertThat(first).doesNotContain("Could not record the end of incarnation")
                .contains("Node " + NODE + " stopped");
        assertThat(second).as("the first incarnation's end was recorded: nothing left to fence")
                .doesNotContain("superseded by incarnation");
        assertThat(dataDir.resolve("postmaster.pid")).as("the embedded server stopped with the node").doesNotExist();
    }

    private String startAndStop() throws Exception {
        NodeProcess node = NodeProcess.startEmbedded(dataDir, NODE);
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> node.log().contains("Started oejs.Server"));
            assertThat(node.stop(Duration.ofMinutes(1))).as("exit status of a clean stop").isIn(0, 143);
            return node.log();
        } finally {
            node.close();
        }
    }
}
