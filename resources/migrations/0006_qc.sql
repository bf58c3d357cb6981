-- Quality control (issue 5): control lots and their targets, QC runs with their Westgard judgement,
-- per-test rule sets, analyzer CSV mappings, and the lockout of patient results while QC is out.
-- All of these are projections of qc.* events (docs/decisions.md, "Quality control").

-- One row per test, lot and level. mean and sd are NULL while the lot is establishing its own
-- targets (target_source 'establishing'); 'insert' came from the manufacturer's insert, 'established'
-- from the lab's own first points, frozen by a qc.targets.set event.
CREATE TABLE qc_lots (
    test_code      TEXT NOT NULL,
    lot            TEXT NOT NULL,
    level          INTEGER NOT NULL,
    bench          TEXT NOT NULL,
    material       TEXT NOT NULL DEFAULT '',
    expires        TEXT NOT NULL DEFAULT '',   -- ISO date, last day of use; '' = no expiry given
    mean           REAL,
    sd             REAL,
    target_source  TEXT NOT NULL,
    target_n       INTEGER NOT NULL DEFAULT 0, -- points the established targets were computed from
    defined_by     TEXT NOT NULL,
    defined_at     INTEGER NOT NULL,
    targets_set_at INTEGER,
    PRIMARY KEY (test_code, lot, level)
) WITHOUT ROWID;

-- One row per control value. z, violations and run_status are the judgement made when the run was
-- applied, in journal order. A value of a lot still establishing its targets is not judged: its z is
-- NULL until the targets are set, and then filled in with judged still 0.
CREATE TABLE qc_results (
    test_code   TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    lot         TEXT NOT NULL,
    level       INTEGER NOT NULL,
    bench       TEXT NOT NULL,
    value       REAL NOT NULL,
    measured_at INTEGER NOT NULL,
    analyzer    TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    hlc         INTEGER NOT NULL,
    position    INTEGER NOT NULL,              -- index of the value in its event
    z           REAL,
    judged      INTEGER NOT NULL DEFAULT 0,    -- 1: judged against its lot's targets when its run was applied
    violations  TEXT NOT NULL DEFAULT '',      -- rule names, comma-separated
    run_status  TEXT NOT NULL,                 -- accepted, warning, rejected, establishing
    PRIMARY KEY (test_code, run_id, lot, level)
) WITHOUT ROWID;
CREATE INDEX qc_results_by_lot ON qc_results (test_code, lot, hlc, position);
-- The newest run of a test on a bench (recording order checks), and where its look-back starts.
CREATE INDEX qc_results_by_bench ON qc_results (bench, test_code, measured_at);

-- The rule set of a test (QcRuleSet, serialised); a test without a row uses the default set.
CREATE TABLE qc_rules (
    test_code     TEXT PRIMARY KEY,
    rules         TEXT NOT NULL,
    configured_by TEXT NOT NULL,
    configured_at INTEGER NOT NULL
) WITHOUT ROWID;

-- The column mapping of an analyzer's CSV export (QcAnalyzerMapping as JSON).
CREATE TABLE qc_analyzers (
    name       TEXT PRIMARY KEY,
    mapping    TEXT NOT NULL,
    defined_by TEXT NOT NULL,
    defined_at INTEGER NOT NULL
) WITHOUT ROWID;

-- The latest judged run of each test on each bench, and the latest accepted one.
CREATE TABLE qc_test_state (
    test_code        TEXT NOT NULL,
    bench            TEXT NOT NULL,
    last_run_id      TEXT NOT NULL,
    last_run_status  TEXT NOT NULL,
    last_run_at      INTEGER NOT NULL,
    last_good_run_id TEXT NOT NULL DEFAULT '',
    last_good_at     INTEGER,
    first_run_at     INTEGER NOT NULL,
    PRIMARY KEY (test_code, bench)
) WITHOUT ROWID;

-- One row per lockout episode, keyed by the rejected run that opened it. state: locked (patient
-- results of the test on the bench cannot be released), overridden (a supervisor lifted it with a
-- reason), resolved (an accepted run followed a documented corrective action).
CREATE TABLE qc_lockouts (
    test_code         TEXT NOT NULL,
    bench             TEXT NOT NULL,
    run_id            TEXT NOT NULL,
    rejected_at       INTEGER NOT NULL,        -- when the first rejected run was measured
    last_rejected_run TEXT NOT NULL,
    lookback_from     INTEGER NOT NULL,        -- results released after this are in the look-back
    state             TEXT NOT NULL,
    corrective_done   INTEGER NOT NULL DEFAULT 0, -- documented since the latest rejected run
    corrective_action TEXT NOT NULL DEFAULT '',
    corrective_by     TEXT NOT NULL DEFAULT '',
    corrective_at     INTEGER,
    override_by       TEXT NOT NULL DEFAULT '',
    override_reason   TEXT NOT NULL DEFAULT '',
    override_at       INTEGER,
    resolved_run_id   TEXT NOT NULL DEFAULT '',
    resolved_at       INTEGER,
    PRIMARY KEY (test_code, bench, run_id)
) WITHOUT ROWID;
CREATE INDEX qc_lockouts_by_state ON qc_lockouts (bench, state);

-- The review of each patient result in a lockout's look-back.
CREATE TABLE qc_lookback_reviews (
    test_code   TEXT NOT NULL,
    bench       TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    outcome     TEXT NOT NULL,                 -- stands, amended, retested
    note        TEXT NOT NULL DEFAULT '',
    reviewed_by TEXT NOT NULL,
    reviewed_at INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    PRIMARY KEY (test_code, bench, run_id, order_id)
) WITHOUT ROWID;

-- The look-back reads released results of one test by release time.
CREATE INDEX results_by_test_release ON results (test_code, released_at) WHERE released_at IS NOT NULL;
