package org.guardian.orchestrator.config;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class DatabaseUrlsTest {
    private static final String PAIR = "jdbc:postgresql://db-a:5432,db-b:5433/guardian";

    @Test
    void hostsAreReadInOrderFromASingleOrAMultiHostUrl() {
        assertThat(DatabaseUrls.hosts(PAIR + "?targetServerType=primary")).containsExactly("db-a:5432", "db-b:5433");
        assertThat(DatabaseUrls.hosts("jdbc:postgresql://localhost:5432/postgres")).containsExactly("localhost:5432");
        assertThat(DatabaseUrls.isMultiHost("jdbc:postgresql://localhost/postgres")).isFalse();
        assertThat(DatabaseUrls.hosts("not a url")).isEmpty();
    }

    @Test
    void aMultiHostUrlMustKeepOnlyThePrimary() {
        assertThat(DatabaseUrls.refusal("url", PAIR + "?targetServerType=primary&connectTimeout=3")).isNull();
        assertThat(DatabaseUrls.refusal("url", PAIR + "?connectTimeout=3&targetservertype=master")).isNull();
        assertThat(DatabaseUrls.refusal("url", "jdbc:postgresql://localhost/postgres")).isNull();
        assertThat(DatabaseUrls.refusal("url", PAIR)).contains("url names 2 hosts but not targetServerType=primary");
        assertThat(DatabaseUrls.refusal("url", PAIR + "?targetServerType=any")).isNotNull();
        assertThat(DatabaseUrls.refusal("url", PAIR + "?targetServerType=preferPrimary")).isNotNull();
    }

    @Test
    void theSettingsRefuseAMultiHostUrlWithoutThePrimaryNamingTheField() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        DatabaseSettings settings = new DatabaseSettings();
        settings.setUrl(PAIR + "?targetServerType=primary");
        assertThat(validator.validate(settings)).isEmpty();
        settings.getTarget().setUrl(PAIR);
        assertThat(validator.validate(settings)).singleElement().satisfies(v ->
                assertThat(v.getMessage()).startsWith("target.url (ORCH_TARGET_DB_URL) names 2 hosts"));
        settings.setUrl(PAIR + "?targetServerType=secondary");
        assertThat(validator.validate(settings)).singleElement().satisfies(v ->
                assertThat(v.getMessage()).startsWith("url (ORCH_DB_URL) names 2 hosts"));
    }
}
