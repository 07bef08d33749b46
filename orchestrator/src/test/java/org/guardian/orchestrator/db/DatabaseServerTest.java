package org.guardian.orchestrator.db;

import org.guardian.orchestrator.config.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node whose database does not answer stops at once and says which setting points where. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DatabaseServerTest {

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableDatabaseIsNamedWithItsSettingAndTheCauseAndNoPassword() throws IOException {
        int port = closedPort();
        DatabaseSettings settings = new DatabaseSettings();
        settings.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/guardian?password=url-secret&connectTimeout=2");
        settings.setUser("orchestrator");
        settings.setPassword("field-secret");
        settings.setMigrateOnStart(true);

        assertThatThrownBy(() -> DatabaseServer.start(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot connect to the orchestrator's database (ORCH_DB_URL) at"
                        + " jdbc:postgresql://127.0.0.1:" + port + "/guardian as user orchestrator: Connection to 127.0.0.1:"
                        + port + " refused")
                .hasMessageNotContaining("secret");
    }
}
