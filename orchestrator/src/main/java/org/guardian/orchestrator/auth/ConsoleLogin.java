package org.guardian.orchestrator.auth;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The console's login form: the same users and the same throttle as HTTP Basic, and on success a
 * new session.
 */
public final class ConsoleLogin {
    private final UserDirectory users;
    private final LoginThrottle throttle;
    private final ConsoleSessions sessions;

    public ConsoleLogin(UserDirectory users, LoginThrottle throttle, ConsoleSessions sessions) {
        this.users = users;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    /** Checks the password of {@code user} calling from {@code address} and, if right, starts a session. */
    public Outcome logIn(String user, String password, String address) {
        String known = users.canLogIn(user) ? user : ThrottledBasicAuthFilter.UNKNOWN_USER;
        AtomicReference<User> verified = new AtomicReference<>();
        LoginThrottle.Attempt attempt = throttle.attempt(known + "@" + address, () -> {
            users.verify(user, password).ifPresent(verified::set);
            return verified.get() != null;
        });
        if (attempt.refused()) {
            return new Outcome(null, null, attempt.retryAfter());
        }
        User passed = verified.get();
        return new Outcome(passed, passed == null ? null : sessions.start(passed), Duration.ZERO);
    }

    public void logOut(String sessionId) {
        sessions.end(sessionId);
    }

    /** How long a session lasts without a request. */
    public Duration idle() {
        return sessions.idle();
    }

    /** A login's verdict: a user and session id, or none, and how long to wait when throttled. */
    public record Outcome(User user, String sessionId, Duration retryAfter) {
        public boolean refused() {
            return !retryAfter.isZero();
        }

        public boolean passed() {
            return user != null;
        }
    }
}
