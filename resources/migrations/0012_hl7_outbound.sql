-- HL7 v2 results out (issue 19, docs/decisions.md 52).
--
-- Destinations are journaled (interface.destination.defined). Each result release, release of an amended
-- result, and cancellation projected after a destination exists queues one ORU^R01 for it: a row of
-- hl7_outbox, whose id is the message control ID (MSH-10), derived from the destination and the
-- event reported, so that any resend, on any station, carries the same ID.
CREATE TABLE hl7_destinations (
    name               TEXT PRIMARY KEY,
    host               TEXT NOT NULL,
    port               INTEGER NOT NULL,
    events             TEXT NOT NULL,              -- comma-separated: released, amended, cancelled
    receiving_app      TEXT NOT NULL DEFAULT '',
    receiving_facility TEXT NOT NULL DEFAULT '',
    active             INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE hl7_outbox (
    id          TEXT PRIMARY KEY,                  -- the control ID
    destination TEXT NOT NULL,
    event_id    TEXT NOT NULL,                     -- the event the message reports
    hlc         INTEGER NOT NULL,                  -- its place in the journal: the sending order
    kind        TEXT NOT NULL,                     -- released, amended, cancelled
    accession   TEXT NOT NULL,
    tests       TEXT NOT NULL,                     -- comma-separated test codes
    patient     TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT 'pending',   -- pending, delivered, dead, discarded
    ack_code    TEXT NOT NULL DEFAULT '',
    error       TEXT NOT NULL DEFAULT '',
    state_at    INTEGER
) WITHOUT ROWID;
-- The sender's next message per destination; the dead letters that hold back a patient's later ones.
CREATE INDEX hl7_outbox_pending ON hl7_outbox (destination, hlc) WHERE state = 'pending';
CREATE INDEX hl7_outbox_dead ON hl7_outbox (destination, patient) WHERE state = 'dead';
CREATE INDEX hl7_outbox_by_state ON hl7_outbox (state, hlc);

-- The delivery outcome per message, from interface.delivered / interface.rejected / interface.resent / interface.discarded,
-- newest (hlc) first: kept apart from hl7_outbox so that an outcome pulled before its release (sync
-- order) is not lost, and copied onto the outbox row whenever either arrives.
CREATE TABLE hl7_outbox_state (
    id       TEXT PRIMARY KEY,
    state    TEXT NOT NULL,
    ack_code TEXT NOT NULL DEFAULT '',
    error    TEXT NOT NULL DEFAULT '',
    at       INTEGER NOT NULL,
    hlc      INTEGER NOT NULL
) WITHOUT ROWID;

-- The sender's own bookkeeping, local and not a projection: the exact bytes of the first attempt
-- (every resend repeats them) and the retry schedule.
CREATE TABLE hl7_delivery (
    id              TEXT PRIMARY KEY,
    message         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    next_attempt_at INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
