-- SPDX-License-Identifier: GPL-3.0-or-later
-- What the analyzer said about a result besides its flags (docs/decisions.md 66): its R-9 status
-- when not final ('' for F or none), and the comments (C records) that followed the R record, one
-- per line. The verifier sees them on the worklist, and batch "verify normal" leaves such a result
-- for review on its own.
ALTER TABLE results ADD COLUMN instrument_status TEXT NOT NULL DEFAULT '';
ALTER TABLE results ADD COLUMN instrument_comments TEXT NOT NULL DEFAULT '';

-- The status of results entered before, from the event that entered the current value (the latest
-- result.entered or result.amended of the order, in replay order), as the projector now writes it.
-- No comments were journaled before this migration.
UPDATE results SET instrument_status = coalesce((
    SELECT CASE WHEN coalesce(json_extract(j.payload, '$.instrument.status'), '') IN ('', 'F') THEN ''
                ELSE json_extract(j.payload, '$.instrument.status') END
    FROM journal j
    WHERE j.subject = results.accession AND j.kind IN ('result.entered', 'result.amended')
      AND json_extract(j.payload, '$.order_id') = results.order_id
    ORDER BY j.hlc DESC, j.station_id DESC, j.station_seq DESC LIMIT 1), '')
WHERE analyzer <> '';
