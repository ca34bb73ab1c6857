DROP TABLE contacts;
DROP TABLE accounts;
