-- AlterTable
ALTER TABLE "audit_entry" ADD COLUMN     "chain_seq" BIGINT,
ADD COLUMN     "hash" CHAR(64),
ADD COLUMN     "idempotency_key" TEXT,
ADD COLUMN     "prev_hash" CHAR(64);

-- AlterTable
ALTER TABLE "notification" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "body" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "claimed_until" TIMESTAMPTZ(3),
ADD COLUMN     "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "sent_at" DROP NOT NULL,
ALTER COLUMN "sent_at" DROP DEFAULT;

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_effect" (
    "key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_effect_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_idempotency_key_key" ON "audit_entry"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_chain_seq_key" ON "audit_entry"("chain_seq");

-- CreateIndex
CREATE INDEX "audit_entry_actor_id_chain_seq_idx" ON "audit_entry"("actor_id", "chain_seq");

-- CreateIndex
CREATE INDEX "audit_entry_action_chain_seq_idx" ON "audit_entry"("action", "chain_seq");

-- CreateIndex
CREATE INDEX "notification_sent_at_created_at_idx" ON "notification"("sent_at", "created_at");

-- Hand-written: the audit trail is append-only and hash-chained (docs/decisions.md, "Audit").

-- The canonical text of a row: a JSON array of its fields in a fixed order (jsonb prints keys sorted and
-- whitespace normalised, so the text depends on the stored values only, not on who inserted them or how).
-- `at` is printed in UTC with microseconds, independent of the session's TimeZone.
CREATE FUNCTION audit_entry_canonical(e audit_entry) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_array(
    e.chain_seq, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_id, e.actor_role, e.action, e.target_type, e.target_id, e.before, e.after, e.request_id, e.idempotency_key
  )::text
$$;

-- hash = sha256(previous row's hash, a newline, this row's canonical text), hex.
CREATE FUNCTION audit_entry_hash(e audit_entry) RETURNS char(64)
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(e.prev_hash || E'\n' || audit_entry_canonical(e), 'UTF8')), 'hex')
$$;

-- Chain the rows written so far, in id order (they were inserted one transaction at a time by the seed
-- and the application; the order of ids is the best order there is for them).
DO $$
DECLARE
  r record;
  previous char(64) := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR r IN SELECT id FROM audit_entry ORDER BY id LOOP
    n := n + 1;
    UPDATE audit_entry SET chain_seq = n, prev_hash = previous WHERE id = r.id;
    SELECT audit_entry_hash(e) INTO previous FROM audit_entry e WHERE e.id = r.id;
    UPDATE audit_entry SET hash = previous WHERE id = r.id;
  END LOOP;
  INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, n, previous);
END $$;

ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_chained CHECK (chain_seq IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL);
ALTER TABLE audit_chain_head ADD CONSTRAINT audit_chain_head_single_row CHECK (id = 1);

-- Every insert takes the chain head FOR UPDATE (held until commit, so rows chain in commit order and
-- the sequence stays gapless: a rolled-back insert rolls the head back too), skips a row whose
-- idempotency key was written before, and fills chain_seq, prev_hash and hash. SECURITY DEFINER: an
-- application role with INSERT/SELECT on audit_entry needs no right on the head.
CREATE FUNCTION audit_entry_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN -- an emptied test database: start a new chain
    INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64)) ON CONFLICT (id) DO NOTHING;
    SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  END IF;
  -- Under the head's lock, an earlier writer with the same key has committed (and is seen) or rolled back.
  IF NEW.idempotency_key IS NOT NULL AND EXISTS (SELECT 1 FROM audit_entry WHERE idempotency_key = NEW.idempotency_key) THEN
    RETURN NULL;
  END IF;
  NEW.chain_seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := audit_entry_hash(NEW);
  UPDATE audit_chain_head SET seq = NEW.chain_seq, hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END $$;

CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_chain();

-- Append-only: any UPDATE, DELETE or TRUNCATE statement on the audit table is refused, whoever runs it
-- (statement-level, so even one that matches no row fails). Only a superuser or the table's owner can
-- switch the trigger off, which audit:verify then catches through the chain.
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();

-- Mail recorded before this migration was sent when it was recorded.
UPDATE notification SET created_at = sent_at WHERE sent_at IS NOT NULL;
