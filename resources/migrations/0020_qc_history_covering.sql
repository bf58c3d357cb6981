-- Judging a QC run reads the last 60 values of its lot on its bench (QcProjection::judgeRun). Through
-- the old index each of them cost a second b-tree search into qc_results for the bench, z, value, time
-- and user, which made that read 83 % of what a late QC run's replay costs (issue 22, session 13).
-- The same key with those columns after it answers the read from the index alone; nothing that reads
-- the index by its key sees a difference. QC values are a few hundred a day: the wider entries cost
-- nothing a receipt writes.
DROP INDEX qc_results_by_lot;
CREATE INDEX qc_results_by_lot ON qc_results (test_code, lot, hlc, position, bench, z, value, measured_at,
                                              recorded_by);
