-- What a receipt writes (issue 22). A WAL commit costs about one 4 KiB frame per b-tree it touches,
-- and a receipt touched 19: the journal's five, the chain head, the specimen and its status index,
-- the custody row and its timeline index, and each received order in eight test_orders indexes. On
-- the 100,000-specimen benchmark station that was 24.8 frames per receipt. The indexes below were
-- read rarely, or not at all, and written by every receipt; they go, or move to where a receipt does
-- not enter them.

-- Read only by the demo rack picture. A receipt moved the specimen within it: two pages.
DROP INDEX specimens_by_status;

-- The custody primary key (accession, event_id) already finds one tube's few rows; they are sorted
-- by time in memory. The second index cost 1.7 pages per receipt.
DROP INDEX custody_timeline;

-- One index per sort order (0005) entered every received order into five more b-trees. A bench's
-- open orders now have one index, which carries every sort column: the default order (priority,
-- then receipt) is read from it directly; a re-sort by receipt, due time, accession or test reads
-- the bench's entries from this index alone, without the table, and keeps the first page
-- (WorklistQuery). The overview's oldest open orders are read per bench and priority from it too.
DROP INDEX test_orders_open_by_received;
DROP INDEX test_orders_open_by_due;
DROP INDEX test_orders_open_by_accession;
DROP INDEX test_orders_open_by_test;
DROP INDEX test_orders_open_by_age;
DROP INDEX test_orders_open_worklist;
CREATE INDEX test_orders_open_worklist ON test_orders (bench, priority_rank, received_at, order_id, status,
                                                       tat_minutes, accession, test_code)
    WHERE (status = 'ordered' OR status = 'entered' OR status = 'amended') AND received_at IS NOT NULL;

-- Every order was in the status index from the start, with received_at NULL; a receipt moved each
-- one to its received place (two pages). The open statuses are read through the open index above;
-- only released work needs its own, and an order enters it when it is verified, not received. The
-- status is in it because SQLite does not count a column the WHERE clause fixes as covered.
DROP INDEX test_orders_worklist;
CREATE INDEX test_orders_verified ON test_orders (bench, priority_rank, received_at, order_id, status)
    WHERE status = 'verified' AND received_at IS NOT NULL;
