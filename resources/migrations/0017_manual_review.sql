-- A specimen a person marked for manual review (issue 21): while marked, autoverification releases
-- none of its results. The reason given, NULL when not marked (specimen.review_marked).
ALTER TABLE specimens ADD COLUMN manual_review TEXT;
