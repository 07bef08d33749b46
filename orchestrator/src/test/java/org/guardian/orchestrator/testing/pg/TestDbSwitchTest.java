package org.guardian.orchestrator.testing.pg;

import org.guardian.orchestrator.testing.pg.TestDbSwitch.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which provider and version the switch chooses, for each value, Docker engine and environment. */
@Timeout(10)
class TestDbSwitchTest {
    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final Map<String, String> EXTERNAL_ENV = Map.of("ORCH_TEST_DB_URL", "jdbc:postgresql://db:5432/postgres",
            "ORCH_TEST_DB_USER", "ci", "ORCH_TEST_DB_PASSWORD", "secret");
    private static final Map<String, String> TWO_SERVERS = Map.of("ORCH_TEST_DB_URL",
            "jdbc:postgresql://db:5415/postgres, jdbc:postgresql://db:5416/postgres", "ORCH_TEST_DB_USER", "ci");

    @Test
    void withoutTheSwitchAutoPicksEmbeddedWhenNoDockerEngineAnswersAndVersion17() {
        TestDbSwitch choice = TestDbSwitch.choose(Map.of(), Map.of(), NO_DOCKER);

        assertThat(choice.provider()).isEqualTo(Provider.EMBEDDED);
        assertThat(choice.major()).isNull();
        assertThat(choice.majorOrDefault()).isEqualTo(17);
        assertThat(choice.why()).contains("auto", "no Docker engine");
    }

    @Test
    void autoPicksTestcontainersWhenADockerEngineAnswers() {
        assertThat(TestDbSwitch.choose(Map.of("test.db", "auto", "test.pg", "15"), Map.of(), DOCKER))
                .extracting(TestDbSwitch::provider, TestDbSwitch::major).containsExactly(Provider.TESTCONTAINERS, 15);
    }

    @Test
    void embeddedAndExternalNeverAskDocker() {
        AtomicInteger asked = new AtomicInteger();
        BooleanSupplier counting = () -> asked.incrementAndGet() > 0;

        assertThat(TestDbSwitch.choose(Map.of("test.db", "embedded", "test.pg", "14"), Map.of(), counting))
                .extracting(TestDbSwitch::provider, TestDbSwitch::major).containsExactly(Provider.EMBEDDED, 14);
        assertThat(TestDbSwitch.choose(Map.of("test.db", "external"), EXTERNAL_ENV, counting).provider())
                .isEqualTo(Provider.EXTERNAL);
        assertThat(asked).hasValue(0);
    }

    @Test
    void externalTakesTheLoginFromTheEnvironment() {
        TestDbSwitch choice = TestDbSwitch.choose(Map.of("test.db", "external", "test.pg", "15"), EXTERNAL_ENV, NO_DOCKER);

        assertThat(choice.external()).isEqualTo(new ExternalLogin("jdbc:postgresql://db:5432/postgres", "ci", "secret"));
        assertThat(choice.major()).isEqualTo(15);
        assertThat(choice.external().toString()).doesNotContain("secret");
    }

    @Test
    void externalWithoutAUrlOrUserIsRefusedNamingTheVariables() {
        assertThatThrownBy(() -> TestDbSwitch.choose(Map.of("test.db", "external"), Map.of(), DOCKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ORCH_TEST_DB_URL").hasMessageContaining("ORCH_TEST_DB_USER")
                .hasMessageContaining("unset");
        assertThatThrownBy(() -> TestDbSwitch.choose(Map.of("test.db", "external"),
                Map.of("ORCH_TEST_DB_URL", "postgres://db/x", "ORCH_TEST_DB_USER", "ci"), DOCKER))
                .hasMessageContaining("jdbc:postgresql://host:port/database").hasMessageContaining("'postgres://db/x'");
    }

    @Test
    void eachTestJvmTakesItsOwnServerFromACommaSeparatedList() {
        assertThat(TestDbSwitch.choose(Map.of("test.db", "external", "test.fork", "1", "test.forks", "2"), TWO_SERVERS,
                NO_DOCKER).external().url()).isEqualTo("jdbc:postgresql://db:5415/postgres");
        assertThat(TestDbSwitch.choose(Map.of("test.db", "external", "test.fork", "2", "test.forks", "2"), TWO_SERVERS,
                NO_DOCKER).external().url()).isEqualTo("jdbc:postgresql://db:5416/postgres");
        assertThat(TestDbSwitch.choose(Map.of("test.db", "external", "test.fork", "${surefire.forkNumber}"), TWO_SERVERS,
                NO_DOCKER).external().url()).as("outside failsafe: the first").isEqualTo("jdbc:postgresql://db:5415/postgres");
    }

    @Test
    void moreTestJvmsThanServersIsRefusedSayingHowToFixIt() {
        assertThatThrownBy(() -> TestDbSwitch.choose(Map.of("test.db", "external", "test.fork", "1", "test.forks", "2"),
                EXTERNAL_ENV, NO_DOCKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names 1 server(s)").hasMessageContaining("it.forks=2")
                .hasMessageContaining("-Dit.forks=1");
    }

    @Test
    void severalTestJvmsWithoutTheirNumberAreRefusedRatherThanShareTheFirstServer() {
        for (String unset : new String[]{"", "${surefire.forkNumber}"}) {
            assertThatThrownBy(() -> TestDbSwitch.choose(Map.of("test.db", "external", "test.fork", unset,
                    "test.forks", "2"), TWO_SERVERS, NO_DOCKER))
                    .as(unset).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("test.fork='" + unset + "'").hasMessageContaining("2 JVMs");
        }
    }

    @Test
    void testcontainersWithoutADockerEngineFailsFastSayingWhatToUseInstead() {
        assertThatThrownBy(() -> TestDbSwitch.choose(Map.of("test.db", "testcontainers"), Map.of(), NO_DOCKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a Docker engine").hasMessageContaining("test.db=embedded");
        assertThat(TestDbSwitch.choose(Map.of("test.db", "testcontainers"), Map.of(), DOCKER).provider())
                .isEqualTo(Provider.TESTCONTAINERS);
    }

    @Test
    void anUnknownProviderIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> TestDbSwitch.choose(Map.of("test.db", "docker"), Map.of(), DOCKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test.db=docker is not a test database provider: use auto, embedded, testcontainers or external");
    }

    @Test
    void aVersionOutsideTheMatrixIsRefusedListingTheTestedOnes() {
        for (String version : new String[]{"13", "18", "17.6", "latest"}) {
            assertThatThrownBy(() -> TestDbSwitch.choose(Map.of("test.pg", version), Map.of(), NO_DOCKER))
                    .as(version).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("test.pg=" + version + " is not a tested PostgreSQL major version: use 14, 15, 16, 17");
        }
    }

    @Test
    void blankValuesCountAsUnset() {
        TestDbSwitch choice = TestDbSwitch.choose(Map.of("test.db", " ", "test.pg", ""), Map.of(), NO_DOCKER);

        assertThat(choice.provider()).isEqualTo(Provider.EMBEDDED);
        assertThat(choice.major()).isNull();
    }
}
