-- Autoverification (issue 21, docs/decisions.md 55): each test's rule set, versioned per change
-- (autoverify.rules_set), and on each result what the rules decided: "released" or "held", with the
-- rule set's version and the reasons, as the timeline and the verification list show them.
CREATE TABLE autoverify_rules (
    test_code TEXT PRIMARY KEY,
    rules     TEXT NOT NULL,             -- JSON (AutoverifyRules)
    version   INTEGER NOT NULL,
    set_by    TEXT NOT NULL,
    set_at    INTEGER NOT NULL,
    reason    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

ALTER TABLE results ADD COLUMN autoverify TEXT NOT NULL DEFAULT '';
