package org.guardian.orchestrator.testing.pg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The provider of this test JVM, chosen once from the switch ({@link TestDbSwitch}) and logged. */
public final class PgProviders {
    private static final Logger LOG = LoggerFactory.getLogger(PgProviders.class);
    private static PgProvider provider;
    private static RuntimeException refused;

    private PgProviders() {
    }

    /** @throws IllegalArgumentException (every time) when the switch names nothing that can run here */
    public static synchronized PgProvider get() {
        if (refused != null) {
            throw refused;
        }
        if (provider == null) {
            try {
                provider = create(TestDbSwitch.fromSystem());
            } catch (RuntimeException e) {
                refused = e;
                throw e;
            }
        }
        return provider;
    }

    private static PgProvider create(TestDbSwitch choice) {
        PgProvider created = switch (choice.provider()) {
            case EMBEDDED -> new EmbeddedProvider(choice.major());
            case TESTCONTAINERS -> new ContainerProvider(choice.majorOrDefault());
            case EXTERNAL -> ExternalProvider.connect(choice.external(), choice.major());
        };
        LOG.info("Test database provider: {} ({}{})", created.name(), choice.why(),
                choice.major() == null ? "" : ", test.pg=" + choice.major());
        return created;
    }

    /**
     * Checks that {@code server} runs the major version asked for ({@code expected}, null: any) and
     * logs what it runs; {@code hint} says how to get the right one.
     */
    static <S extends PgServer> S checked(S server, String provider, Integer expected, String hint) {
        int major = server.majorVersion();
        LOG.info("Test PostgreSQL {} ({}) at {}", major, provider, server.jdbcUrl(server.defaultDatabase()));
        if (expected != null && expected != major) {
            server.close();
            throw new IllegalStateException("test.pg=" + expected + " but the " + provider + " PostgreSQL is " + major
                    + ": " + hint);
        }
        return server;
    }
}
