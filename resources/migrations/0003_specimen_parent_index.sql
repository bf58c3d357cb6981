-- The specimen page lists a specimen's aliquots; without this index that is a scan of every
-- specimen (155 ms per page at 1,000,000 specimens, docs/benchmarks.md).
CREATE INDEX specimens_by_parent ON specimens (parent);
