package org.guardian.orchestrator.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.core.SchedulingUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingUnavailableMapperTest {

    @Test
    void aSchedulerFailureAnswers503WithWhatWasDoneInDropwizardsShape() {
        Response response = new SchedulingUnavailableMapper().toResponse(new SchedulingUnavailableException(
                "schedule alpha was not run (the scheduler failed: database away)", new IllegalStateException()));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getEntity()).isInstanceOfSatisfying(ErrorMessage.class, body -> {
            assertThat(body.getCode()).isEqualTo(503);
            assertThat(body.getMessage()).isEqualTo("schedule alpha was not run (the scheduler failed: database away)");
        });
    }
}
