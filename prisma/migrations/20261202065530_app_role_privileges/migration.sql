-- The API/worker role of docker-compose (deploy/postgres/roles.sql) reads and writes rows but may only
-- append to the audit trail, and has no business with the migration history. Where that role does not
-- exist (the embedded database, tests) this changes nothing.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'getihu_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON "audit_entry" FROM getihu_app;
    REVOKE ALL ON "_prisma_migrations" FROM getihu_app;
  END IF;
END $$;
