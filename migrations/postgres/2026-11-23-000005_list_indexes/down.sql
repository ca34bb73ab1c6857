DROP INDEX ix_contacts__country;
DROP INDEX ix_contacts__city;
DROP INDEX ix_accounts__country;
DROP INDEX ix_accounts__city;
CREATE INDEX ix_contacts__country ON contacts (country);
CREATE INDEX ix_contacts__city ON contacts (city);
CREATE INDEX ix_accounts__country ON accounts (country);
CREATE INDEX ix_accounts__city ON accounts (city);
