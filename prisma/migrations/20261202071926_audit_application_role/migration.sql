-- Hand-written (no schema change): the role the API and the worker should connect as. It may read and
-- write the programme's tables but only INSERT into and SELECT from the audit trail, cannot touch the
-- chain head (the chain trigger is SECURITY DEFINER) or the migration history, and owns nothing, so it
-- cannot switch the append-only trigger off either. A group role without login: a deployment grants it
-- to its login user (GRANT getihu_app TO getihu_api). Roles belong to the cluster; the privileges to
-- this database. A migrator without CREATEROLE skips it with a notice (the trigger still holds).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'getihu_app') THEN
    BEGIN
      CREATE ROLE getihu_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL; -- created meanwhile by a migration of another database
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'getihu_app not created (the migrating user may not create roles): the audit trail relies on its trigger alone';
        RETURN;
    END;
  END IF;
  GRANT USAGE ON SCHEMA public TO getihu_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO getihu_app;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO getihu_app;
  REVOKE UPDATE, DELETE ON audit_entry FROM getihu_app;
  REVOKE INSERT, UPDATE, DELETE ON audit_chain_head, "_prisma_migrations" FROM getihu_app;
  -- Tables and sequences that later migrations create (as this same migrating user) are the role's to use too.
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO getihu_app;
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO getihu_app;
END $$;
