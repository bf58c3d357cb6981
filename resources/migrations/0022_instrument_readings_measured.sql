-- SPDX-License-Identifier: GPL-3.0-or-later
-- A reading is known by what was measured as well as by its key (analyzer, sample, code, time):
-- a correction (R-9 C) or a resend with another value under the same time is not a repeat, and
-- two readings of one message with the same key are two readings (docs/decisions.md 66).
--
-- measured is value, unit, status and flags (joined by ~), separated by char(31), exactly as
-- AnalyzerProjection::measuredText() writes it; '' where the event does not say (the readings of
-- instrument.qc_taken written before this migration), which the intake takes as "the same".
-- The rows are rebuilt from the events that wrote them, so `rebuild --check` stays identical.
CREATE TABLE instrument_readings_0022 (
    analyzer      TEXT NOT NULL,
    specimen_id   TEXT NOT NULL,
    analyzer_code TEXT NOT NULL,
    measured_at   TEXT NOT NULL,            -- R-13, else R-12, else H-14, as sent
    measured      TEXT NOT NULL DEFAULT '', -- what was measured (see above)
    event_id      TEXT NOT NULL,
    PRIMARY KEY (analyzer, specimen_id, analyzer_code, measured_at, measured)
) WITHOUT ROWID;

INSERT INTO instrument_readings_0022 (analyzer, specimen_id, analyzer_code, measured_at, measured, event_id)
SELECT r.analyzer, r.specimen_id, r.analyzer_code, r.measured_at,
       coalesce((SELECT CASE
                            WHEN j.kind = 'instrument.qc_taken' THEN ''
                            WHEN json_type(j.payload, w.path || '.value') IS NULL THEN ''
                            ELSE coalesce(json_extract(j.payload, w.path || '.value'), '') || char(31) ||
                                 coalesce(json_extract(j.payload, w.path || '.unit'), '') || char(31) ||
                                 coalesce(json_extract(j.payload, w.path || '.status'), '') || char(31) ||
                                 coalesce((SELECT group_concat(f.value, '~')
                                           FROM json_each(j.payload, w.path || '.flags') f), '')
                        END
                 FROM journal j
                 JOIN (SELECT 'result.entered' AS kind, '$.instrument' AS path
                       UNION ALL SELECT 'result.amended', '$.instrument'
                       UNION ALL SELECT 'instrument.unmatched', '$'
                       UNION ALL SELECT 'instrument.qc_taken', '$') w ON w.kind = j.kind
                 WHERE j.id = r.event_id), ''),
       r.event_id
FROM instrument_readings r;

DROP TABLE instrument_readings;
ALTER TABLE instrument_readings_0022 RENAME TO instrument_readings;
