package org.guardian.orchestrator.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The console's logins on this node: a random 256-bit id per login, forgotten after {@code idle}
 * without a request or at logout. Held in memory, so a login is valid on the node that made it.
 */
public final class ConsoleSessions {
    public static final String COOKIE = "guardian_session";
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    private static final long MAX_SESSIONS = 10_000;
    private static final int ID_BYTES = 32;

    private final SecureRandom random;
    private final Duration idle;
    private final Cache<String, User> sessions;

    public ConsoleSessions(Clock clock, SecureRandom random, Duration idle) {
        this.random = random;
        this.idle = idle;
        this.sessions = Caffeine.newBuilder()
                .maximumSize(MAX_SESSIONS)
                .expireAfterAccess(idle)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /** A new session for {@code user}: its id, for the cookie. */
    public String start(User user) {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(id, user);
        return id;
    }

    /** The session's user, when the id is one of ours and has not expired; counts as activity. */
    public Optional<User> user(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.getIfPresent(id));
    }

    public void end(String id) {
        if (id != null) {
            sessions.invalidate(id);
        }
    }

    /** How long a session lasts without a request. */
    public Duration idle() {
        return idle;
    }
}
