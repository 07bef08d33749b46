package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Notification;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code notifications}: one row per event and channel, with how its sending went. */
@RegisterRowMapper(NotificationMapper.class)
public interface NotificationDao {

    /** A notification to record, before it has an id. */
    record New(String event, String schedule, String scope, String channel, String recipient, String subject,
               String body, String payload, String dedupeKey, Instant createdAt, String raisedBy) {
    }

    /** What {@link #raise} stored: the row's id and status (PENDING or RATE_LIMITED). */
    record Raised(long id, String status) {
    }

    /**
     * Records a notification once per dedupe key and channel: PENDING, or RATE_LIMITED when one of
     * the same scope, event and channel was raised (not rate-limited) since {@code limitFrom}.
     * Raises of one scope, event and channel are serialized, so the limit holds across the cluster.
     *
     * @return empty when the dedupe key was recorded already (another node noticed it first)
     */
    @Transaction
    default Optional<Raised> raise(New n, Instant limitFrom) {
        lock(n.scope() + "/" + n.event() + "/" + n.channel());
        boolean limited = limitFrom != null && recent(n.scope(), n.event(), n.channel(), limitFrom);
        return insert(n, limited ? "RATE_LIMITED" : "PENDING").map(id -> new Raised(id, limited ? "RATE_LIMITED" : "PENDING"));
    }

    @SqlQuery("SELECT 1 FROM pg_advisory_xact_lock(" + AdvisoryLocks.NOTIFICATIONS + ", hashtext(:key))")
    int lock(@Bind("key") String key);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM orchestrator.notifications WHERE scope = :scope AND event = :event"
            + " AND channel = :channel AND status <> 'RATE_LIMITED' AND created_at >= :from)")
    boolean recent(@Bind("scope") String scope, @Bind("event") String event, @Bind("channel") String channel,
                   @Bind("from") Instant from);

    @SqlQuery("INSERT INTO orchestrator.notifications (event, schedule_name, scope, channel, recipient, subject, body,"
            + " payload, status, dedupe_key, created_at, raised_by) VALUES (:n.event, :n.schedule, :n.scope, :n.channel,"
            + " :n.recipient, :n.subject, :n.body, CAST(:n.payload AS jsonb), :status, :n.dedupeKey, :n.createdAt,"
            + " :n.raisedBy) ON CONFLICT (dedupe_key, channel) DO NOTHING RETURNING id")
    Optional<Long> insert(@BindMethods("n") New n, @Bind("status") String status);

    /** Counts one more try of a PENDING notification; empty when it is not pending (sent or given up already). */
    @SqlQuery("UPDATE orchestrator.notifications SET attempts = attempts + 1 WHERE id = :id AND status = 'PENDING'"
            + " RETURNING attempts")
    Optional<Integer> startAttempt(@Bind("id") long id);

    @SqlUpdate("UPDATE orchestrator.notifications SET status = 'SENT', sent_at = :at, sent_by = :node"
            + " WHERE id = :id AND status = 'PENDING'")
    int sent(@Bind("id") long id, @Bind("at") Instant at, @Bind("node") String node);

    /** A try failed; {@code status} PENDING while another follows, FAILED when it was the last. */
    @SqlUpdate("UPDATE orchestrator.notifications SET status = :status, last_error = :error"
            + " WHERE id = :id AND status = 'PENDING'")
    int tryFailed(@Bind("id") long id, @Bind("status") String status, @Bind("error") String error);

    /**
     * PENDING notifications raised before {@code before}, locked (rows another node is looking at
     * are skipped): those whose Quartz job is missing are scheduled again.
     */
    @SqlQuery("SELECT * FROM orchestrator.notifications WHERE status = 'PENDING' AND created_at < :before"
            + " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED")
    List<Notification> lockPendingBefore(@Bind("before") Instant before, @Bind("limit") int limit);

    @SqlQuery("SELECT payload::text FROM orchestrator.notifications WHERE id = :id")
    Optional<String> payload(@Bind("id") long id);

    /** The schedule's {@code notify} as text, or empty when it has none (or no such schedule). */
    @SqlQuery("SELECT notify::text FROM orchestrator.maintenance_schedules WHERE operation_name = :name AND notify IS NOT NULL")
    Optional<String> notifyOf(@Bind("name") String name);

    @SqlQuery("SELECT * FROM orchestrator.notifications WHERE (CAST(:status AS text) IS NULL OR status = :status)"
            + " AND (CAST(:schedule AS text) IS NULL OR schedule_name = :schedule)"
            + " AND (CAST(:event AS text) IS NULL OR event = :event) ORDER BY id DESC LIMIT :limit")
    List<Notification> page(@Bind("status") String status, @Bind("schedule") String schedule,
                            @Bind("event") String event, @Bind("limit") int limit);

    @SqlQuery("SELECT * FROM orchestrator.notifications WHERE id = :id")
    Optional<Notification> find(@Bind("id") long id);
}
