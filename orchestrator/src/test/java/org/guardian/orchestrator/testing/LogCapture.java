package org.guardian.orchestrator.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** What this JVM logs from now until closed, as events (every logger, at the levels configured). */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    public LogCapture() {
        events.start();
        root.addAppender(events);
    }

    /** The events logged so far, each as "LEVEL logger: message". */
    public List<String> lines() {
        synchronized (events) {
            return events.list.stream()
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(events);
        events.stop();
    }
}
