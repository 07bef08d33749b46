package org.guardian.orchestrator.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.Response;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableMapperTest {
    private final DatabaseUnavailableMapper mapper = new DatabaseUnavailableMapper();

    @Test
    void aLostOrRefusedSessionAnswers503WithRetryAfter() {
        for (String state : new String[] {"08006", "08001", "57P01", "57P02", "57P03"}) {
            Response response = mapper.toResponse(new UnableToExecuteStatementException(
                    new SQLException("session lost", state), null));
            assertThat(response.getStatus()).as(state).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
            assertThat(response.getEntity()).isInstanceOfSatisfying(ErrorMessage.class,
                    body -> assertThat(body.getMessage()).contains("may or may not have been applied"));
        }
        assertThat(mapper.toResponse(new ConnectionException(new SQLException("checkout timed out"))).getStatus())
                .isEqualTo(503);
    }

    @Test
    void anyOtherDatabaseFailureStaysA500() {
        for (String state : new String[] {"23505", "42P01", "57014", null}) {
            Response response = mapper.toResponse(new UnableToExecuteStatementException(
                    new SQLException("failed", state), null));
            assertThat(response.getStatus()).as(String.valueOf(state)).isEqualTo(500);
            assertThat(response.getHeaderString("Retry-After")).isNull();
        }
    }
}
