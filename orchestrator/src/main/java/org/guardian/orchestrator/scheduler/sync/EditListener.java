package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.db.SessionOpener;
import org.guardian.orchestrator.scheduler.FailureStreak;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hears that schedule definitions changed: a session of its own LISTENs on the channel the
 * table's triggers NOTIFY (migration V23) and has {@code check} run on {@code executor} for each
 * notification (those heard while one is queued make one check), and once on every (re)connection,
 * as an edit may have come while it was not listening. A lost session is opened again after a
 * pause; meanwhile the reconciler's poll still finds edits. The session is the node's (its
 * application_name), so a peer that fences the node ends it with the others.
 */
final class EditListener {
    private static final Logger LOG = LoggerFactory.getLogger(EditListener.class);
    static final String CHANNEL = "orchestrator_schedules";
    private static final int WAIT_MILLIS = 1_000;
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final SessionOpener sessions;
    private final Executor executor;
    private final Callable<?> check;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final FailureStreak failing =
            new FailureStreak(LOG, "Listening for schedule edits (the poll finds them meanwhile)");
    private final Thread thread;
    private volatile boolean stopped;

    EditListener(SessionOpener sessions, Executor executor, Callable<?> check) {
        this.sessions = sessions;
        this.executor = executor;
        this.check = check;
        this.thread = new Thread(this::listen, "orch-edit-listener");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops within about a second (the longest wait for a notification). */
    void stop() {
        stopped = true;
        thread.interrupt();
    }

    private void listen() {
        while (!stopped) {
            try (Connection session = sessions.open(); Statement statement = session.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                failing.succeeded();
                onEdit();
                PGConnection pg = session.unwrap(PGConnection.class);
                while (!stopped) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        onEdit();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!stopped) {
                    failing.failed(e);
                    pause();
                }
            }
        }
    }

    private void onEdit() {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    queued.set(false);
                    try {
                        check.call();
                    } catch (Exception e) {
                        LOG.warn("Reconciliation failed, will retry: {}", e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                queued.set(false); // the reconciler is stopping
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
