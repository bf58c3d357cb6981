-- QC from the analyzers (issue 21, docs/decisions.md 54): the specimen IDs an analyzer gives a control
-- material, per lot and level (qc.pattern.defined). A reading whose specimen ID matches is a QC value
-- of that lot and level, recorded as a QC run and judged like one typed on the QC page.
CREATE TABLE qc_patterns (
    test_code  TEXT NOT NULL,
    lot        TEXT NOT NULL,
    level      INTEGER NOT NULL,
    pattern    TEXT NOT NULL,   -- '*' any run of characters, '?' any one
    defined_by TEXT NOT NULL,
    defined_at INTEGER NOT NULL,
    PRIMARY KEY (test_code, pattern)
) WITHOUT ROWID;
