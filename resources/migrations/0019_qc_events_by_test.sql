-- A QC event that arrives late is replayed with the other QC events of its test only (QcReplay,
-- docs/decisions.md 62); this finds them in journal order without reading the whole journal. Only
-- qc.* rows enter it, so a receipt writes no page of it. json_valid() keeps a malformed payload
-- (from another station) out of the expression, which would otherwise make the journal refuse it.
CREATE INDEX journal_qc_by_test ON journal (json_extract(payload, '$.test'), hlc, station_id, station_seq)
    WHERE kind GLOB 'qc.*' AND json_valid(payload);
