-- The Benchside sync server: PostgreSQL itself, no process of ours in between.
-- Applied by `benchside-cli server init --url ADMIN_URL` as the database's owner (or a superuser),
-- in one transaction. Stations sign in with their own LOGIN roles, members of benchside_station,
-- which own nothing and are held to the row-level security policies below.

CREATE SCHEMA benchside;
REVOKE ALL ON SCHEMA benchside FROM PUBLIC;

CREATE TABLE benchside.schema_version (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row per workstation. The head (last_seq, last_hash) is the end of the station's chain as the
-- server holds it; only the append trigger moves it.
CREATE TABLE benchside.stations (
    id           text PRIMARY KEY CHECK (id ~ '^[A-Z][A-Z0-9]{0,6}[A-Z]$'),
    site         text NOT NULL CHECK (site <> ''),
    role_name    text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seq     bigint NOT NULL DEFAULT 0,
    last_hash    text NOT NULL DEFAULT repeat('0', 64),
    last_push_at timestamptz,
    last_pull_at timestamptz,
    pull_cursor  bigint NOT NULL DEFAULT 0
);

-- Every station's journal, exactly as the stations hold it, plus the server's own order of arrival.
CREATE TABLE benchside.journal (
    server_seq  bigint GENERATED ALWAYS AS IDENTITY,
    id          text PRIMARY KEY,
    station_id  text NOT NULL REFERENCES benchside.stations (id),
    station_seq bigint NOT NULL CHECK (station_seq >= 1),
    hlc         bigint NOT NULL,
    actor       text NOT NULL,
    kind        text NOT NULL,
    subject     text NOT NULL,
    payload     text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (station_id, station_seq)
);
CREATE UNIQUE INDEX journal_server_order ON benchside.journal (server_seq);

-- Rows are never changed or removed, whoever asks (the owner included; a superuser can drop the trigger,
-- and that is what superusers are).
CREATE FUNCTION benchside.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: entries cannot be changed or deleted'
        USING ERRCODE = 'BSA01';
END $$;
CREATE TRIGGER journal_is_append_only BEFORE UPDATE OR DELETE ON benchside.journal
    FOR EACH ROW EXECUTE FUNCTION benchside.refuse_change();
CREATE TRIGGER journal_is_not_truncated BEFORE TRUNCATE ON benchside.journal
    FOR EACH STATEMENT EXECUTE FUNCTION benchside.refuse_change();

-- The same bytes as Event::canonicalBytes() (models/journal/event.cpp): a compact JSON array of the
-- fields, strings escaped as JSON does, numbers as decimal strings.
CREATE FUNCTION benchside.event_hash(id text, station_id text, station_seq bigint, hlc bigint, actor text,
                                     kind text, subject text, payload text, prev_hash text)
    RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog AS $$
    SELECT encode(sha256(convert_to(
        '["benchside-event-v1",' || to_json(id)::text || ',' || to_json(station_id)::text || ',"' ||
        station_seq::text || '","' || hlc::text || '",' || to_json(actor)::text || ',' ||
        to_json(kind)::text || ',' || to_json(subject)::text || ',' || to_json(payload)::text || ',' ||
        to_json(prev_hash)::text || ']', 'UTF8')), 'hex')
$$;

-- Runs once per INSERT or COPY statement over the rows it really added (a repeated push adds none):
-- every hash must match its content and every station's new rows must continue its chain.
CREATE FUNCTION benchside.check_appended() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, benchside AS $$
DECLARE
    bad  record;
    grp  record;
    head record;
BEGIN
    SELECT n.id, n.station_id, n.station_seq INTO bad FROM new_events n
     WHERE n.hash IS DISTINCT FROM benchside.event_hash(n.id, n.station_id, n.station_seq, n.hlc, n.actor,
                                                          n.kind, n.subject, n.payload, n.prev_hash)
     ORDER BY n.station_id, n.station_seq LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % (station %, #%) refused: its hash does not match its content',
            bad.id, bad.station_id, bad.station_seq USING ERRCODE = 'BSH01';
    END IF;
    SELECT n.id, n.station_id, n.station_seq INTO bad FROM new_events n
     WHERE length(n.payload) > 1048576 OR n.kind !~ '^[a-z_]+(\.[a-z_]+)+$'
     ORDER BY n.station_id, n.station_seq LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % (station %, #%) refused: its kind is malformed or its payload is over 1 MB',
            bad.id, bad.station_id, bad.station_seq USING ERRCODE = 'BSV01';
    END IF;

    FOR grp IN SELECT n.station_id, min(n.station_seq) AS first, max(n.station_seq) AS last, count(*) AS n
                 FROM new_events n GROUP BY n.station_id ORDER BY n.station_id LOOP
        -- Serialises the station's pushes: a second one waits here and then sees the moved head.
        SELECT s.last_seq, s.last_hash INTO head FROM benchside.stations s WHERE s.id = grp.station_id FOR UPDATE;
        IF grp.first <> head.last_seq + 1 OR grp.last - grp.first + 1 <> grp.n THEN
            RAISE EXCEPTION 'station %: events #% to #% do not continue its chain, which ends at #% on the server',
                grp.station_id, grp.first, grp.last, head.last_seq USING ERRCODE = 'BSC01';
        END IF;
        SELECT x.id, x.station_seq INTO bad FROM (
            SELECT n.id, n.station_seq, n.prev_hash,
                   coalesce(lag(n.hash) OVER (ORDER BY n.station_seq), head.last_hash) AS expected
              FROM new_events n WHERE n.station_id = grp.station_id) x
         WHERE x.prev_hash <> x.expected ORDER BY x.station_seq LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'event % (station %, #%) refused: it does not link to the event before it',
                bad.id, grp.station_id, bad.station_seq USING ERRCODE = 'BSC02';
        END IF;
        UPDATE benchside.stations s
           SET last_seq = grp.last,
               last_hash = (SELECT n.hash FROM new_events n
                             WHERE n.station_id = grp.station_id AND n.station_seq = grp.last),
               last_push_at = now()
         WHERE s.id = grp.station_id;
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER journal_chain AFTER INSERT ON benchside.journal
    REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION benchside.check_appended();

-- Who is asking. session_user, not current_user: inside these SECURITY DEFINER functions current_user
-- is the owner, and a station that SETs ROLE to the group is still the station that signed in.
CREATE FUNCTION benchside.my_station() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, benchside AS $$
    SELECT id FROM benchside.stations WHERE role_name = session_user
$$;
CREATE FUNCTION benchside.site_stations() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, benchside AS $$
    SELECT coalesce(array_agg(s.id), '{}') FROM benchside.stations s
     WHERE s.site = (SELECT m.site FROM benchside.stations m WHERE m.role_name = session_user)
$$;
-- A station notes how far it has pulled, for `server status`; it can move only its own row.
CREATE FUNCTION benchside.record_pull(cursor_seq bigint) RETURNS void LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, benchside AS $$
    UPDATE benchside.stations SET last_pull_at = now(), pull_cursor = greatest(pull_cursor, cursor_seq)
     WHERE role_name = session_user
$$;
REVOKE ALL ON FUNCTION benchside.refuse_change(), benchside.check_appended(), benchside.my_station(),
    benchside.site_stations(), benchside.record_pull(bigint) FROM PUBLIC;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'benchside_station') THEN
        CREATE ROLE benchside_station NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS;
    END IF;
END $$;

ALTER TABLE benchside.journal ENABLE ROW LEVEL SECURITY;
ALTER TABLE benchside.journal FORCE ROW LEVEL SECURITY;
ALTER TABLE benchside.stations ENABLE ROW LEVEL SECURITY;
ALTER TABLE benchside.stations FORCE ROW LEVEL SECURITY;

-- The owner (the administrator who ran init) keeps full access under FORCE; stations get the rest.
CREATE POLICY owner_all ON benchside.journal TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON benchside.stations TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY station_reads_site ON benchside.journal FOR SELECT TO benchside_station
    USING (station_id IN (SELECT unnest(benchside.site_stations())));
CREATE POLICY station_appends_own ON benchside.journal FOR INSERT TO benchside_station
    WITH CHECK (station_id = (SELECT benchside.my_station()));
CREATE POLICY station_sees_site ON benchside.stations FOR SELECT TO benchside_station
    USING (id IN (SELECT unnest(benchside.site_stations())));

GRANT USAGE ON SCHEMA benchside TO benchside_station;
GRANT SELECT ON benchside.journal, benchside.stations TO benchside_station;
GRANT INSERT (id, station_id, station_seq, hlc, actor, kind, subject, payload, prev_hash, hash)
    ON benchside.journal TO benchside_station;
GRANT EXECUTE ON FUNCTION benchside.my_station(), benchside.site_stations(), benchside.record_pull(bigint),
    benchside.event_hash(text, text, bigint, bigint, text, text, text, text, text) TO benchside_station;
