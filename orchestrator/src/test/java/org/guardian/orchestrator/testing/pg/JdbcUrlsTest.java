package org.guardian.orchestrator.testing.pg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class JdbcUrlsTest {

    @Test
    void replacesTheDatabaseAndKeepsHostPortAndParameters() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://127.0.0.1:55432/postgres?sslmode=disable&ApplicationName=x",
                "test_pg_gt1a2b3c")).isEqualTo("jdbc:postgresql://127.0.0.1:55432/test_pg_gt1a2b3c?sslmode=disable&ApplicationName=x");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db.example/", "roles_it"))
                .isEqualTo("jdbc:postgresql://db.example/roles_it");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h1:5432,h2:5432?targetServerType=primary", "x"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5432/x?targetServerType=primary");
    }

    @Test
    void refusesWhatIsNoPostgresqlUrl() {
        assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://h/db", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
