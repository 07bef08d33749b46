package org.guardian.orchestrator.auth;

import org.guardian.orchestrator.config.AuthSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class UserDirectoryTest {

    @Test
    void eachUserLogsInWithItsOwnPasswordAndGetsItsRole() {
        UserDirectory users = UserDirectory.of(settings("a-pass", "o-pass", "v-pass"), new SecureRandom());
        assertThat(users.verify("admin", "a-pass")).contains(new User("admin", Roles.ADMIN));
        assertThat(users.verify("operator", "o-pass")).contains(new User("operator", Roles.OPERATOR));
        assertThat(users.verify("viewer", "v-pass")).contains(new User("viewer", Roles.VIEWER));
        assertThat(users.verify("viewer", "a-pass")).isEmpty();
        assertThat(users.verify("root", "a-pass")).isEmpty();
    }

    @Test
    void aUserWhosePasswordIsEmptyCannotLogIn() {
        UserDirectory users = UserDirectory.of(settings("a-pass", "", ""), new SecureRandom());
        assertThat(users.verify("operator", "")).isEmpty();
        assertThat(users.verify("viewer", "")).isEmpty();
    }

    @Test
    void withNoPasswordSetNoUserLogsInWithAnEmptyPassword() {
        UserDirectory users = UserDirectory.of(settings("", "", ""), new SecureRandom());
        assertThat(users.verify("admin", "")).isEmpty();
        assertThat(users.verify("operator", "")).isEmpty();
    }

    @Test
    void withNoPasswordSetAGeneratedAdminPasswordLogsIn() {
        SecureRandom zeros = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        };
        UserDirectory users = UserDirectory.of(settings("", "", ""), zeros);
        assertThat(users.verify("admin", "A".repeat(24))).contains(new User("admin", Roles.ADMIN));
        assertThat(users.verify("operator", "A".repeat(24))).isEmpty();
    }

    @Test
    void aPasswordLongerThanBcryptTakesIsRefusedRatherThanThrown() {
        UserDirectory users = UserDirectory.of(settings("a-pass", "", ""), new SecureRandom());
        assertThat(users.verify("admin", "p".repeat(73))).isEmpty();
        assertThat(users.verify("admin", "\u00e9".repeat(40))).as("80 bytes in UTF-8").isEmpty();
        assertThat(users.verify("admin", "a-pass")).isPresent();
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        assertThat(new User("admin", Roles.ADMIN).may(Roles.VIEWER)).isTrue();
        assertThat(new User("operator", Roles.OPERATOR).may(Roles.OPERATOR)).isTrue();
        assertThat(new User("operator", Roles.OPERATOR).may(Roles.ADMIN)).isFalse();
        assertThat(new User("viewer", Roles.VIEWER).may(Roles.OPERATOR)).isFalse();
    }

    private static AuthSettings settings(String admin, String operator, String viewer) {
        AuthSettings settings = new AuthSettings();
        settings.setAdminPassword(admin);
        settings.setOperatorPassword(operator);
        settings.setViewerPassword(viewer);
        return settings;
    }
}
