DROP TABLE leads;
DROP TABLE picklist_values;
