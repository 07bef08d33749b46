-- Orchestrator schema: schedules (the source of truth), run history, change audit, cluster state.
-- Flyway runs this with search_path = orchestrator.

CREATE TABLE maintenance_schedules (
    id                       UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The seed's columns. operation_name is the schedule's name (unique, used in depends_on).
    operation_name           TEXT        NOT NULL UNIQUE
                             CHECK (operation_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    cron_schedule            TEXT        NOT NULL,
    is_enabled               BOOLEAN     NOT NULL DEFAULT true,
    depends_on               TEXT[]      NOT NULL DEFAULT '{}',
    max_duration_minutes     INTEGER     NOT NULL DEFAULT 60 CHECK (max_duration_minutes > 0),
    last_run                 TIMESTAMPTZ,
    last_duration_minutes    INTEGER,
    last_status              TEXT,
    next_run                 TIMESTAMPTZ,
    consecutive_failures     INTEGER     NOT NULL DEFAULT 0,
    operation_config         JSONB       NOT NULL DEFAULT '{}',
    priority                 INTEGER     NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
    created_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Added for the orchestrator's semantics (SPEC section 4).
    operation                TEXT        NOT NULL,
    time_zone                TEXT        NOT NULL DEFAULT 'UTC',
    -- Exact limit when set (e.g. PT2S); otherwise max_duration_minutes applies.
    max_duration             INTERVAL    CHECK (max_duration > INTERVAL '0'),
    max_retries              INTEGER     NOT NULL DEFAULT 0 CHECK (max_retries BETWEEN 0 AND 100),
    retry_backoff            INTERVAL    NOT NULL DEFAULT INTERVAL '30 seconds' CHECK (retry_backoff >= INTERVAL '0'),
    dependency_window        INTERVAL    NOT NULL DEFAULT INTERVAL '1 day' CHECK (dependency_window > INTERVAL '0'),
    max_consecutive_failures INTEGER     NOT NULL DEFAULT 3 CHECK (max_consecutive_failures >= 1),
    misfire_policy           TEXT        NOT NULL DEFAULT 'FIRE_ONCE'
                             CHECK (misfire_policy IN ('FIRE_ONCE', 'SKIP')),
    paused                   BOOLEAN     NOT NULL DEFAULT false,
    suppressed_at            TIMESTAMPTZ,
    blocked_reason           TEXT,
    version                  BIGINT      NOT NULL DEFAULT 1
);

-- operation defaults to operation_name, as the seed's rows name their operation that way.
CREATE FUNCTION maintenance_schedules_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.operation IS NULL THEN
        NEW.operation := NEW.operation_name;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER maintenance_schedules_defaults BEFORE INSERT ON maintenance_schedules
    FOR EACH ROW EXECUTE FUNCTION maintenance_schedules_defaults();

-- Any change of a schedule's definition (by the API or by hand in SQL) bumps its version, which
-- is both the optimistic-locking token and what the reconciler watches. Status columns written
-- by executions do not.
CREATE FUNCTION maintenance_schedules_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.operation_name, NEW.cron_schedule, NEW.is_enabled, NEW.depends_on, NEW.max_duration_minutes,
        NEW.operation_config, NEW.priority, NEW.operation, NEW.time_zone, NEW.max_duration, NEW.max_retries,
        NEW.retry_backoff, NEW.dependency_window, NEW.max_consecutive_failures, NEW.misfire_policy,
        NEW.paused, NEW.suppressed_at)
       IS DISTINCT FROM
       (OLD.operation_name, OLD.cron_schedule, OLD.is_enabled, OLD.depends_on, OLD.max_duration_minutes,
        OLD.operation_config, OLD.priority, OLD.operation, OLD.time_zone, OLD.max_duration, OLD.max_retries,
        OLD.retry_backoff, OLD.dependency_window, OLD.max_consecutive_failures, OLD.misfire_policy,
        OLD.paused, OLD.suppressed_at) THEN
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER maintenance_schedules_version BEFORE UPDATE ON maintenance_schedules
    FOR EACH ROW EXECUTE FUNCTION maintenance_schedules_version();

-- One row per attempt.
CREATE TABLE job_runs (
    id                  BIGSERIAL PRIMARY KEY,
    schedule_name       TEXT        NOT NULL,
    operation           TEXT        NOT NULL,
    trigger_kind        TEXT        NOT NULL CHECK (trigger_kind IN ('CRON', 'RETRY', 'MANUAL', 'RECOVERY')),
    scheduled_fire_time TIMESTAMPTZ NOT NULL,
    started_at          TIMESTAMPTZ NOT NULL,
    finished_at         TIMESTAMPTZ,
    duration_ms         BIGINT,
    status              TEXT        NOT NULL
                        CHECK (status IN ('RUNNING', 'SUCCESS', 'FAILED', 'TIMEOUT', 'SKIPPED', 'INTERRUPTED')),
    attempt             INTEGER     NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    node_id             TEXT        NOT NULL,
    error               TEXT,
    result              JSONB,
    requested_by        TEXT
);

-- Once per fire time: an attempt number of a scheduled fire time is claimed by one insert only.
CREATE UNIQUE INDEX job_runs_once_per_fire_time
    ON job_runs (schedule_name, scheduled_fire_time, attempt)
    WHERE trigger_kind <> 'MANUAL';
CREATE INDEX job_runs_schedule_latest ON job_runs (schedule_name, id DESC);
CREATE INDEX job_runs_status ON job_runs (status, id DESC);
CREATE INDEX job_runs_running ON job_runs (node_id) WHERE status = 'RUNNING';

-- Audit of every accepted change to a schedule.
CREATE TABLE schedule_changes (
    id            BIGSERIAL PRIMARY KEY,
    schedule_name TEXT        NOT NULL,
    action        TEXT        NOT NULL,
    changed_by    TEXT        NOT NULL,
    changed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    before        JSONB,
    after         JSONB
);
CREATE INDEX schedule_changes_schedule ON schedule_changes (schedule_name, id DESC);

-- Cluster-wide switches (a single row).
CREATE TABLE cluster_state (
    id            BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    global_paused BOOLEAN     NOT NULL DEFAULT false,
    changed_by    TEXT,
    changed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO cluster_state DEFAULT VALUES;
