-- A late event from another station re-projects its specimens (SubjectReplay), which first deletes
-- their results; without this index each of the two statements that find them scanned every result
-- (18 ms of a 26 ms sync at 22,310 results, docs/benchmarks.md).
CREATE INDEX results_by_accession ON results (accession);
