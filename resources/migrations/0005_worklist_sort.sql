-- A worklist can be re-sorted by receipt time, due time, accession or test (issue 4). Each order
-- gets a partial index over the open orders, like test_orders_open_worklist (0004), so that a
-- re-sort reads one page of an index instead of sorting a bench's whole backlog (about 100 ms at
-- 50,000 open orders without them, under 1 ms with). The queries repeat the WHERE clause word for
-- word. Status, priority and test follow the key so that a filter on them is checked in the index,
-- without reading the table row.
CREATE INDEX test_orders_open_by_received ON test_orders (bench, received_at, order_id, status, priority_rank, test_code)
    WHERE status IN ('ordered', 'entered', 'amended') AND received_at IS NOT NULL;
-- The due time is computed (decisions.md #19); the expression must match WorklistSort::columns().
CREATE INDEX test_orders_open_by_due ON test_orders (bench, received_at + tat_minutes * 60000, order_id, status,
                                                     priority_rank, test_code, received_at)
    WHERE status IN ('ordered', 'entered', 'amended') AND received_at IS NOT NULL;
CREATE INDEX test_orders_open_by_accession ON test_orders (bench, accession, order_id, status, priority_rank,
                                                           test_code, received_at)
    WHERE status IN ('ordered', 'entered', 'amended') AND received_at IS NOT NULL;
CREATE INDEX test_orders_open_by_test ON test_orders (bench, test_code, priority_rank, received_at, order_id, status)
    WHERE status IN ('ordered', 'entered', 'amended') AND received_at IS NOT NULL;
