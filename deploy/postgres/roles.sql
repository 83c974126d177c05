-- Least-privilege roles and databases for docker-compose, run once by initdb.sh when PostgreSQL's data
-- directory is first created (as the superuser; psql variables carry the passwords from .env).
--   getihu_owner  owns getihu's schema: only the migrate service logs in as it (DDL).
--   getihu_app    the API and the worker: read and write rows, temporary tables; no DDL, no other database.
--   temporal      owns Temporal's two databases and nothing else (no superuser, no CREATEDB).
\set ON_ERROR_STOP on

CREATE ROLE getihu_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE getihu_app LOGIN PASSWORD :'app_password';
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';

CREATE DATABASE getihu OWNER getihu_owner;
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

-- Nobody connects to a database that is not theirs.
REVOKE ALL ON DATABASE getihu FROM PUBLIC;
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
-- Feed ingestion stages rows in a temporary table.
GRANT CONNECT, TEMPORARY ON DATABASE getihu TO getihu_app;

\connect getihu
ALTER SCHEMA public OWNER TO getihu_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO getihu_app;
-- Every table and sequence the migrations create: rows only. (A migration revokes UPDATE/DELETE on the
-- audit table from getihu_app: the application may only append to it.)
ALTER DEFAULT PRIVILEGES FOR ROLE getihu_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO getihu_app;
ALTER DEFAULT PRIVILEGES FOR ROLE getihu_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO getihu_app;
