-- How each result's limits were chosen (issue 18, docs/decisions.md 49), and the technician's reason
-- for a value confirmed beyond the test's plausible limits. Both come from the result event's payload
-- ("range_basis", "implausible_confirmed"); results recorded before have neither, which replaying
-- their events gives too, so nothing needs filling in.
ALTER TABLE results ADD COLUMN range_basis TEXT NOT NULL DEFAULT '';        -- '' the patient's own range
ALTER TABLE results ADD COLUMN implausible_reason TEXT NOT NULL DEFAULT '';

-- Numeric results recorded without any flag or basis: before this rule, a patient with no known range
-- got no flag at all. They are judged again on every read (`results unjudged`, the Verification
-- page's banner); this index keeps that read to those few rows.
CREATE INDEX results_unjudged ON results (order_id)
    WHERE numeric_value IS NOT NULL AND flag = '' AND range_basis = '';
