ALTER TABLE change_import_rows SET LOGGED;
ALTER TABLE lead_import_rows SET LOGGED;
