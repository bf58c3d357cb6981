-- The custody trail is read from the journal (CustodyTrail, decision 65). The custody table held a
-- copy of what each event already says; writing it was 1.7 of a receipt's 13 log pages and 73 MB
-- on the 100,000-specimen station.
DROP TABLE custody;
