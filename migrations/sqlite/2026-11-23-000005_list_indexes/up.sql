-- Lists filtered by place are shown sorted by name: one index serves the filter and the order,
-- so a page of 50 reads 50 index entries instead of sorting every record of the country.
DROP INDEX ix_contacts__country;
DROP INDEX ix_contacts__city;
DROP INDEX ix_accounts__country;
DROP INDEX ix_accounts__city;
CREATE INDEX ix_contacts__country ON contacts (country, last_name, id);
CREATE INDEX ix_contacts__city ON contacts (city, last_name, id);
CREATE INDEX ix_accounts__country ON accounts (country, name, id);
CREATE INDEX ix_accounts__city ON accounts (city, name, id);
