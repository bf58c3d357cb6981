-- Synchronisation with the central server (docs/decisions.md 36-41).

-- This station's own bookkeeping about the server; like `station`, never synchronised and not a
-- projection. The chain heads say what the station holds of every station's chain (the pull cursors);
-- pushed_seq is the server's head for this station as last seen.
CREATE TABLE sync_state (
    singleton         INTEGER PRIMARY KEY CHECK (singleton = 1),
    pushed_seq        INTEGER NOT NULL DEFAULT 0,
    server_cursor     INTEGER NOT NULL DEFAULT 0,   -- the highest server sequence pulled
    last_success_at   INTEGER,                      -- ms; NULL: never synced
    last_attempt_at   INTEGER,
    last_error        TEXT NOT NULL DEFAULT '',
    projections_stale INTEGER NOT NULL DEFAULT 0    -- 1: events were pulled out of replay order
);
INSERT INTO sync_state (singleton) VALUES (1);

-- Events of this station the server refused. After a few tries an event is dead-lettered: it is no
-- longer retried on its own, it stays in the journal, and the events after it wait behind it.
CREATE TABLE sync_refusals (
    event_id    TEXT PRIMARY KEY,
    station_seq INTEGER NOT NULL,
    attempts    INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    first_at    INTEGER NOT NULL,
    last_at     INTEGER NOT NULL,
    dead        INTEGER NOT NULL DEFAULT 0
);

-- The last value-changing result event of each order (entered, amended, verified): a new one that
-- was decided without knowing it is a conflict between stations.
ALTER TABLE results ADD COLUMN last_event TEXT NOT NULL DEFAULT '';

-- Projection: changes made on different stations that a person must look at.
CREATE TABLE review_flags (
    event_id      TEXT PRIMARY KEY,             -- the event that did not know about the other
    other_event   TEXT NOT NULL,
    accession     TEXT NOT NULL,
    order_id      TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL,
    flagged_at    INTEGER NOT NULL,
    hlc           INTEGER NOT NULL,
    resolved_by   TEXT NOT NULL DEFAULT '',
    resolved_at   INTEGER,
    resolution    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX review_flags_open ON review_flags (accession) WHERE resolved_by = '';
