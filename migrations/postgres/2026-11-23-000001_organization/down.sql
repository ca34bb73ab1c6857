DROP TABLE refresh_tokens;
DROP TABLE user_roles;
DROP TABLE role_privileges;
DROP TABLE roles;
DROP TABLE users;
DROP TABLE business_units;
