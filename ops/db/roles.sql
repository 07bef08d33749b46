-- The database roles of Guardian Orchestrator (README, "Database roles"), for one database.
-- Run it as a superuser in that database, once before the first `db migrate` (ops/db/create-roles.sh
-- does it with psql); it is safe to run again, and grants on objects that already exist too.
--
--   migration owner (default orchestrator_owner): owns schema orchestrator and everything the
--     migrations create, in it and in public; runs `db migrate`, nothing else.
--   node role (default orchestrator_node): what every node connects as. Reads and writes the rows
--     of both schemas, runs their functions, and maintains (VACUUM, ANALYZE, REINDEX, REFRESH
--     MATERIALIZED VIEW) their tables through PostgreSQL 17's MAINTAIN privilege; it owns nothing,
--     so it can neither create, alter nor drop anything. Partitions are created and retired by
--     functions that run as the owner. All nodes share this role, which is what lets a node cancel
--     or terminate its own and its peers' sessions without pg_signal_backend.
--     PostgreSQL 14 to 16 have no MAINTAIN: only a table's owner may maintain it, so there the node
--     role is made a member of the owner role (with a warning), and can then alter and drop the
--     owner's objects too.
--
-- Settings read (SET them in the session first; empty or unset takes the default):
--   orchestrator.owner_role, orchestrator.node_role          role names
--   orchestrator.owner_password, orchestrator.node_password  set when not empty
DO $roles$
DECLARE
    owner_role TEXT := coalesce(nullif(current_setting('orchestrator.owner_role', true), ''), 'orchestrator_owner');
    node_role  TEXT := coalesce(nullif(current_setting('orchestrator.node_role', true), ''), 'orchestrator_node');
    maintain   BOOLEAN := current_setting('server_version_num')::INT >= 170000;
    on_tables  TEXT;
    secret     TEXT;
    role_name  TEXT;
    nsp        TEXT;
BEGIN
    on_tables := 'SELECT, INSERT, UPDATE, DELETE' || CASE WHEN maintain THEN ', MAINTAIN' ELSE '' END;
    FOREACH role_name IN ARRAY ARRAY[owner_role, node_role] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', role_name);
        END IF;
    END LOOP;
    secret := current_setting('orchestrator.owner_password', true);
    IF coalesce(secret, '') <> '' THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', owner_role, secret);
    END IF;
    secret := current_setting('orchestrator.node_password', true);
    IF coalesce(secret, '') <> '' THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', node_role, secret);
    END IF;

    -- The owner: schema orchestrator, and the right to create the Guardian objects in public.
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I, %I', current_database(), owner_role, node_role);
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS orchestrator AUTHORIZATION %I', owner_role);
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA public TO %I', owner_role);
    -- Extensions a non-superuser cannot create; the migrations use them when present.
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pgstattuple SCHEMA public;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pgstattuple unavailable (%); index bloat will not be measured', SQLERRM;
    END;

    -- The node role: rows, sequences, functions and maintenance, on what exists and on what the
    -- owner creates later.
    FOREACH nsp IN ARRAY ARRAY['orchestrator', 'public'] LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', nsp, node_role);
        EXECUTE format('GRANT %s ON ALL TABLES IN SCHEMA %I TO %I', on_tables, nsp, node_role);
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', nsp, node_role);
        EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO %I', nsp, node_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT %s ON TABLES TO %I',
                       owner_role, nsp, on_tables, node_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I'
                       ' GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I', owner_role, nsp, node_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I'
                       ' GRANT EXECUTE ON FUNCTIONS TO %I', owner_role, nsp, node_role);
    END LOOP;
    -- Statistics the monitoring operations read: every role's statements in pg_stat_statements,
    -- and pgstattuple's index measurements.
    EXECUTE format('GRANT pg_read_all_stats, pg_stat_scan_tables TO %I', node_role);
    -- Before 17 only the owner may VACUUM, REINDEX and REFRESH: the node role becomes a member of it.
    IF NOT maintain THEN
        EXECUTE format('GRANT %I TO %I', owner_role, node_role);
        RAISE WARNING 'PostgreSQL % has no MAINTAIN privilege: % is made a member of % so that it can maintain'
                      ' the tables, and can therefore also alter and drop them (PostgreSQL 17 separates the two)',
                      current_setting('server_version'), node_role, owner_role;
    END IF;
END $roles$;
