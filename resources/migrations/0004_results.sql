-- Bench worklists, results and turnaround time (issue 4).
--
-- test_orders.status after this migration: ordered (no result yet), entered (awaiting verification),
-- amended (a released result corrected, awaiting verification again), verified (released),
-- cancelled (specimen rejected).
--
-- The due time is received_at + tat_minutes and is computed when read: a stored copy would be one
-- more wall-clock column that two stations replaying the same scans at different times disagree on.
ALTER TABLE test_orders ADD COLUMN received_at INTEGER;
ALTER TABLE test_orders ADD COLUMN tat_minutes INTEGER NOT NULL DEFAULT 0;
-- 0 stat, 1 asap, 2 routine: the worklist's first sort key, which the text does not sort by.
ALTER TABLE test_orders ADD COLUMN priority_rank INTEGER NOT NULL DEFAULT 2;

-- Orders written before this schema get what replaying their events gives (see Projector).
UPDATE test_orders SET
    priority_rank = CASE priority WHEN 'stat' THEN 0 WHEN 'asap' THEN 1 ELSE 2 END,
    tat_minutes = coalesce((SELECT t.tat_minutes FROM tests t WHERE t.code = test_orders.test_code), 0),
    received_at = (SELECT min(c.at) FROM custody c
                   WHERE c.accession = test_orders.accession AND c.kind = 'custody.received');

-- A bench's open work in display order (STAT first, then oldest received first), read page by page
-- with a keyset on (priority_rank, received_at, order_id). Partial, so released work at 1,000,000
-- orders costs the index nothing; the query must repeat this WHERE clause word for word.
CREATE INDEX test_orders_open_worklist ON test_orders (bench, priority_rank, received_at, order_id)
    WHERE status IN ('ordered', 'entered', 'amended') AND received_at IS NOT NULL;
-- One status at a time (the worklist's status filter), same order. Replaces (bench, status).
DROP INDEX test_orders_by_bench;
CREATE INDEX test_orders_worklist ON test_orders (bench, status, priority_rank, received_at, order_id);
-- The longest-waiting open orders across benches (supervisor overview).
CREATE INDEX test_orders_open_by_age ON test_orders (received_at)
    WHERE status IN ('ordered', 'entered', 'amended') AND received_at IS NOT NULL;

-- The current result of each order. Every value ever entered stays in result_history.
CREATE TABLE results (
    order_id       TEXT PRIMARY KEY,
    accession      TEXT NOT NULL,
    test_code      TEXT NOT NULL,
    value          TEXT NOT NULL,              -- as recorded: a number, a listed code or text
    numeric_value  REAL,                       -- NULL for coded and text results
    unit           TEXT NOT NULL DEFAULT '',
    flag           TEXT NOT NULL DEFAULT '',   -- N, L, H, LL, HH; A (abnormal code); '' no range
    delta          TEXT NOT NULL DEFAULT '',   -- '' not checked, 'within', 'exceeded'
    delta_previous TEXT NOT NULL DEFAULT '',   -- the previous value the delta check compared with
    entered_by     TEXT NOT NULL,
    entered_at     INTEGER NOT NULL,
    verified_by    TEXT NOT NULL DEFAULT '',
    verified_at    INTEGER,
    released_at    INTEGER,                    -- first verification: turnaround time ends here
    notified_to    TEXT NOT NULL DEFAULT '',   -- critical result: who was told ('' none documented)
    notified_by    TEXT NOT NULL DEFAULT '',
    notified_at    INTEGER,
    amend_count    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX results_by_release ON results (released_at) WHERE released_at IS NOT NULL;

-- One row per result event: entered, notified, verified, amended. Never updated.
CREATE TABLE result_history (
    order_id  TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    value     TEXT NOT NULL DEFAULT '',
    unit      TEXT NOT NULL DEFAULT '',
    flag      TEXT NOT NULL DEFAULT '',
    actor     TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',        -- amendment reason, who was told
    at        INTEGER NOT NULL,
    hlc       INTEGER NOT NULL,
    PRIMARY KEY (order_id, event_id)
) WITHOUT ROWID;
CREATE INDEX result_history_timeline ON result_history (order_id, hlc);
