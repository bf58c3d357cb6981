-- The journal: every change anyone makes, appended once and never rewritten.
-- hash = SHA-256 over the canonical bytes of all other fields and prev_hash (see models/journal/event.cpp).
CREATE TABLE journal (
    id          TEXT PRIMARY KEY,            -- UUIDv7
    station_id  TEXT NOT NULL,
    station_seq INTEGER NOT NULL CHECK (station_seq >= 1),
    hlc         INTEGER NOT NULL,            -- hybrid logical clock: physical ms << 16 | logical counter
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    payload     TEXT NOT NULL,               -- canonical compact JSON
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (station_id, station_seq)
);
CREATE INDEX journal_replay_order ON journal (hlc, station_id, station_seq);
CREATE INDEX journal_subject ON journal (subject);

CREATE TRIGGER journal_is_append_only_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only: entries cannot be changed');
END;
CREATE TRIGGER journal_is_append_only_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only: entries cannot be deleted');
END;

-- The last link of each station's chain, written in the same transaction as the entry. Verification
-- compares it with the chain so that removing the newest entries does not go unnoticed.
CREATE TABLE chain_heads (
    station_id TEXT PRIMARY KEY,
    last_seq   INTEGER NOT NULL,
    last_hash  TEXT NOT NULL
);

-- This workstation's identity. Exactly one row; never synchronised.
CREATE TABLE station (
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    id               TEXT NOT NULL,
    site             TEXT NOT NULL,
    default_location TEXT NOT NULL,
    default_actor    TEXT NOT NULL,
    is_demo          INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL
);
