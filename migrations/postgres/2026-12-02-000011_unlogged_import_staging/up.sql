-- The staging tables of the lead import hold rows only while an import runs: nothing in them was
-- acknowledged to anyone (publication moves them into `leads` and `changes`, which are logged, in
-- one transaction). Unlogged, they are written without WAL, which halves what an import writes.
-- After a crash PostgreSQL empties them, which is what an interrupted import needs anyway.
ALTER TABLE lead_import_rows SET UNLOGGED;
ALTER TABLE change_import_rows SET UNLOGGED;
