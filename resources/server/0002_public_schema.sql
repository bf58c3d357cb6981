-- Station roles must own nothing in the Benchside database. PostgreSQL 15 no longer lets every role
-- create tables in the schema public, but 13 and 14 still do; take that right away here too, so a
-- station cannot make tables of its own on any supported server. The database is Benchside's
-- alone (docs/sync.md), so no other application loses anything by it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
