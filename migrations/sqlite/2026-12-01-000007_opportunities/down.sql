DROP TABLE opportunity_revenue_splits;
DROP TABLE opportunity_competitors;
DROP TABLE opportunity_key_people;
DROP TABLE opportunities;
DROP TABLE competitors;
DROP TABLE sales_stages;
