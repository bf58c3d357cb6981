-- HL7 v2 interface, inbound (issue 19, docs/decisions.md 52).
--
-- Every inbound message that could be read as HL7 is an event (interface.received) with the text as
-- received and the acknowledgement sent; this projection lists them. The partial index is the
-- duplicate check: a message whose (MSH-3, MSH-4, MSH-10) was accepted before is answered with the
-- stored ACK and recorded no further.
CREATE TABLE hl7_inbox (
    event_id         TEXT PRIMARY KEY,
    received_at      INTEGER NOT NULL,
    station          TEXT NOT NULL,
    peer             TEXT NOT NULL DEFAULT '',
    sending_app      TEXT NOT NULL,
    sending_facility TEXT NOT NULL,
    control_id       TEXT NOT NULL,
    message_type     TEXT NOT NULL,
    ack_code         TEXT NOT NULL,                -- AA, AE, AR
    error            TEXT NOT NULL DEFAULT '',
    accessions       TEXT NOT NULL DEFAULT '',     -- comma-separated, the tubes the message made
    ack              TEXT NOT NULL                 -- the acknowledgement as sent, resent for a duplicate
) WITHOUT ROWID;
CREATE INDEX hl7_inbox_accepted ON hl7_inbox (sending_app, sending_facility, control_id)
    WHERE ack_code = 'AA';
CREATE INDEX hl7_inbox_by_time ON hl7_inbox (received_at);

-- The hospital's identifiers of each tube ordered by HL7: the placer order number (ORC-2/OBR-2) and
-- the placer's specimen ID (SPM-2), so that CA/XO find their tubes and a ward's own label scanned at
-- Receiving finds ours. From the specimen.accessioned payload ("placer_orders").
CREATE TABLE external_orders (
    accession         TEXT NOT NULL,
    placer_order      TEXT NOT NULL,
    placer_namespace  TEXT NOT NULL DEFAULT '',
    placer_specimen   TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL DEFAULT '',   -- MSH-3 of the message that placed it
    ordering_provider TEXT NOT NULL DEFAULT '',
    tests             TEXT NOT NULL DEFAULT '',   -- comma-separated codes this placer order put on the tube
    PRIMARY KEY (accession, placer_order)
) WITHOUT ROWID;
CREATE INDEX external_orders_by_placer ON external_orders (placer_order);
CREATE INDEX external_orders_by_specimen ON external_orders (placer_specimen) WHERE placer_specimen <> '';

-- What the interfaces saw that is no message (connections, stray bytes, unreadable frames). Local to
-- this station and not a projection: it has no event behind it and rebuild leaves it alone.
CREATE TABLE interface_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    interface TEXT NOT NULL,
    peer      TEXT NOT NULL DEFAULT '',
    level     TEXT NOT NULL,                   -- info, warning, error
    text      TEXT NOT NULL
);
CREATE INDEX interface_log_by_time ON interface_log (at);
