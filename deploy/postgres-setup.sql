-- Run as a PostgreSQL superuser. LinkWorker migrates the schema itself on start-up.
CREATE ROLE linkworker LOGIN PASSWORD 'CHANGE-ME';
CREATE DATABASE linkworker OWNER linkworker ENCODING 'UTF8';
-- A read-only role for supervision of the audit trail.
CREATE ROLE linkworker_audit NOLOGIN;
\connect linkworker
GRANT USAGE ON SCHEMA public TO linkworker_audit;
ALTER DEFAULT PRIVILEGES FOR ROLE linkworker IN SCHEMA public GRANT SELECT ON TABLES TO linkworker_audit;
