package org.guardian.orchestrator.auth;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.HttpHeaders;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The login throttle over HTTP: wrong passwords sent in parallel get no more checks than the limit. */
@Timeout(120)
@ExtendWith(DropwizardExtensionsSupport.class)
class LoginThrottleIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("throttle-node");
    private static final int PARALLEL = 24;

    @Test
    void parallelWrongPasswordsAreCheckedAtMostTheLimitTimes() throws Exception {
        List<Integer> statuses = inParallel(PARALLEL, () -> wrongPassword("operator"));

        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).as("checked and refused")
                .isLessThanOrEqualTo(LoginThrottle.DEFAULT_MAX_FAILURES);
    }

    @Test
    void aLockedOutUserIsRefusedEvenWithTheRightPassword() {
        for (int i = 0; i < LoginThrottle.DEFAULT_MAX_FAILURES; i++) {
            assertThat(wrongPassword("viewer")).isEqualTo(401);
        }
        assertThat(new ApiClient(APP).get("viewer", "/api/operations").getStatus()).isEqualTo(429);
    }

    @Test
    void madeUpUserNamesShareOneThrottleEntryPerAddress() {
        for (int i = 0; i < LoginThrottle.DEFAULT_MAX_FAILURES; i++) {
            assertThat(wrongPassword("made-up-" + i)).isEqualTo(401);
        }
        assertThat(wrongPassword("another-made-up-name")).isEqualTo(429);
        assertThat(wrongPassword("admin")).as("a real user is throttled apart").isEqualTo(401);
    }

    private static int wrongPassword(String user) {
        return ApiClient.buffered(new ApiClient(APP).request(null, "/api/operations")
                .header(HttpHeaders.AUTHORIZATION, ApiClient.basic(user, "not-the-password")).get()).getStatus();
    }

    private static List<Integer> inParallel(int n, java.util.concurrent.Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
