-- The six partial indexes over a bench's open orders (0004, 0005) said which orders are open with
-- `status IN ('ordered', 'entered', 'amended')`. SQLite codes an IN list of more than two constants
-- with a temporary b-tree, built afresh each time the predicate is checked: inserting an order built
-- six and every status change twelve, with a page cache allocated and freed for each. That was 39 %
-- of an analyzer session's time (perf, issue 21) and part of every receipt. The same predicate
-- written as comparisons costs nothing. tst_receiptcost fails if a write to test_orders needs a
-- temporary b-tree again. Queries must repeat the new clause word for word (WorklistQuery).
DROP INDEX test_orders_open_worklist;
DROP INDEX test_orders_open_by_age;
DROP INDEX test_orders_open_by_received;
DROP INDEX test_orders_open_by_due;
DROP INDEX test_orders_open_by_accession;
DROP INDEX test_orders_open_by_test;

CREATE INDEX test_orders_open_worklist ON test_orders (bench, priority_rank, received_at, order_id)
    WHERE (status = 'ordered' OR status = 'entered' OR status = 'amended') AND received_at IS NOT NULL;
CREATE INDEX test_orders_open_by_age ON test_orders (received_at)
    WHERE (status = 'ordered' OR status = 'entered' OR status = 'amended') AND received_at IS NOT NULL;
CREATE INDEX test_orders_open_by_received ON test_orders (bench, received_at, order_id, status, priority_rank, test_code)
    WHERE (status = 'ordered' OR status = 'entered' OR status = 'amended') AND received_at IS NOT NULL;
CREATE INDEX test_orders_open_by_due ON test_orders (bench, received_at + tat_minutes * 60000, order_id, status,
                                                     priority_rank, test_code, received_at)
    WHERE (status = 'ordered' OR status = 'entered' OR status = 'amended') AND received_at IS NOT NULL;
CREATE INDEX test_orders_open_by_accession ON test_orders (bench, accession, order_id, status, priority_rank,
                                                           test_code, received_at)
    WHERE (status = 'ordered' OR status = 'entered' OR status = 'amended') AND received_at IS NOT NULL;
CREATE INDEX test_orders_open_by_test ON test_orders (bench, test_code, priority_rank, received_at, order_id, status)
    WHERE (status = 'ordered' OR status = 'entered' OR status = 'amended') AND received_at IS NOT NULL;
