-- Projections: derived from the journal, rebuilt by replaying it in (hlc, station_id, station_seq)
-- order, and updated in the same transaction that appends an event. Never edited directly.
CREATE TABLE benches (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE sites (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE specimen_types (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE containers (code TEXT PRIMARY KEY, name TEXT NOT NULL, color TEXT NOT NULL DEFAULT '');
CREATE TABLE tests (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    bench            TEXT NOT NULL,
    specimen_type    TEXT NOT NULL,
    container        TEXT NOT NULL,
    tat_minutes      INTEGER NOT NULL,
    unit             TEXT NOT NULL DEFAULT '',
    result_type      TEXT NOT NULL DEFAULT 'numeric',
    definition       TEXT NOT NULL           -- the full catalogue entry (ranges, delta limit) as JSON
);
CREATE INDEX tests_by_bench ON tests (bench);
CREATE TABLE locations (path TEXT PRIMARY KEY, kind TEXT NOT NULL DEFAULT '');
CREATE TABLE users (name TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL);

CREATE TABLE patients (
    mrn        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    birth_date TEXT NOT NULL DEFAULT '',
    sex        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE specimens (
    accession        TEXT PRIMARY KEY,
    parent           TEXT NOT NULL DEFAULT '',
    patient_mrn      TEXT NOT NULL DEFAULT '',
    specimen_type    TEXT NOT NULL,
    container        TEXT NOT NULL DEFAULT '',
    collected_at     INTEGER,
    collector        TEXT NOT NULL DEFAULT '',
    priority         TEXT NOT NULL,
    status           TEXT NOT NULL,
    location         TEXT NOT NULL DEFAULT '',
    accessioned_at   INTEGER NOT NULL,
    accessioned_by   TEXT NOT NULL,
    received_at      INTEGER,
    received_station TEXT NOT NULL DEFAULT '',
    last_event_at    INTEGER NOT NULL
);
CREATE INDEX specimens_by_patient ON specimens (patient_mrn);
CREATE INDEX specimens_by_status ON specimens (status);

CREATE TABLE test_orders (
    order_id   TEXT PRIMARY KEY,              -- accession + '-' + test code
    accession  TEXT NOT NULL,
    test_code  TEXT NOT NULL,
    bench      TEXT NOT NULL,
    priority   TEXT NOT NULL,
    status     TEXT NOT NULL,
    ordered_at INTEGER NOT NULL
);
CREATE INDEX test_orders_by_accession ON test_orders (accession);
CREATE INDEX test_orders_by_bench ON test_orders (bench, status);

-- One row per custody step of a specimen (an aliquoting step appears on the parent and each child).
CREATE TABLE custody (
    accession TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    station   TEXT NOT NULL,
    location  TEXT NOT NULL DEFAULT '',
    reason    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    at        INTEGER NOT NULL,
    hlc       INTEGER NOT NULL,
    PRIMARY KEY (accession, event_id)
) WITHOUT ROWID;
CREATE INDEX custody_timeline ON custody (accession, hlc);

-- The highest sequence number used per accession-number prefix (station prefix + two-digit year).
CREATE TABLE accession_counters (prefix TEXT PRIMARY KEY, last_seq INTEGER NOT NULL);
