package org.guardian.orchestrator.scheduler.store;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fenced node process exits at once with {@link FenceHandler#EXIT_STATUS}, without running
 * anything more (its attempts were recovered elsewhere), for its supervisor to start it again under
 * a new incarnation.
 */
public final class ExitOnFence implements FenceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExitOnFence.class);

    @Override
    public void fenced(String why) {
        LOG.error("This node was fenced ({}); exiting with status {} for its supervisor to restart it", why,
                EXIT_STATUS);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            logging.stop(); // flushes the appenders: halt runs no shutdown hook
        }
        Runtime.getRuntime().halt(EXIT_STATUS);
    }
}
