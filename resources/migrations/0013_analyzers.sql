-- Analyzers over ASTM E1381/E1394 (issue 20, docs/decisions.md 53).
--
-- An analyzer and its test-code map are journaled (analyzer.defined, analyzer.map_defined). Each
-- result an analyzer sends for a tube and test that Benchside knows becomes result.entered with the
-- analyzer's name, its flags and when it measured; anything else is journaled as
-- instrument.unmatched and waits in instrument_unmatched until a technician matches it to a tube
-- (instrument.matched) or discards it with a reason (instrument.discarded).
CREATE TABLE analyzers (
    name       TEXT PRIMARY KEY,
    endpoint   TEXT NOT NULL,             -- JSON (AstmEndpoint)
    profile    TEXT NOT NULL DEFAULT '',  -- where the maker puts codes and sample numbers
    active     INTEGER NOT NULL DEFAULT 1,
    defined_by TEXT NOT NULL,
    defined_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE analyzer_map (
    analyzer      TEXT NOT NULL,
    analyzer_code TEXT NOT NULL,
    test_code     TEXT NOT NULL,
    unit          TEXT NOT NULL DEFAULT '',  -- the unit the analyzer sends; '' accepts the test's own
    factor        REAL,                      -- multiplies the analyzer's value; NULL is 1
    PRIMARY KEY (analyzer, analyzer_code)
) WITHOUT ROWID;

-- Every reading an analyzer sent, entered or not: a message sent again (same analyzer, sample,
-- test code and measurement time) is recognised and adds nothing.
CREATE TABLE instrument_readings (
    analyzer      TEXT NOT NULL,
    specimen_id   TEXT NOT NULL,
    analyzer_code TEXT NOT NULL,
    measured_at   TEXT NOT NULL,            -- R-13 as sent
    event_id      TEXT NOT NULL,
    PRIMARY KEY (analyzer, specimen_id, analyzer_code, measured_at)
) WITHOUT ROWID;

CREATE TABLE instrument_unmatched (
    event_id      TEXT PRIMARY KEY,
    analyzer      TEXT NOT NULL,
    specimen_id   TEXT NOT NULL,
    analyzer_code TEXT NOT NULL,
    test_code     TEXT NOT NULL DEFAULT '',  -- through the map, when it maps
    accession     TEXT NOT NULL DEFAULT '',  -- the tube, when it is known
    value         TEXT NOT NULL,
    unit          TEXT NOT NULL DEFAULT '',
    flags         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT '',
    measured_at   TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL,
    received_at   INTEGER NOT NULL,
    state         TEXT NOT NULL DEFAULT 'open', -- open, matched, discarded
    resolved_by   TEXT NOT NULL DEFAULT '',
    resolved_at   INTEGER,
    resolution    TEXT NOT NULL DEFAULT ''     -- the order matched to, or the reason for discarding
) WITHOUT ROWID;
CREATE INDEX instrument_unmatched_open ON instrument_unmatched (received_at) WHERE state = 'open';

-- What the analyzer said about a result entered from it.
ALTER TABLE results ADD COLUMN analyzer TEXT NOT NULL DEFAULT '';
ALTER TABLE results ADD COLUMN instrument_flags TEXT NOT NULL DEFAULT '';
ALTER TABLE results ADD COLUMN measured_at TEXT NOT NULL DEFAULT '';
ALTER TABLE result_history ADD COLUMN analyzer TEXT NOT NULL DEFAULT '';
