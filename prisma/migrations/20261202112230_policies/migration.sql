-- CreateTable
CREATE TABLE "policy" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "legal_basis" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "target" JSONB NOT NULL,
    "conditions" JSONB,
    "benefit" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "placeholder" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "valid_from" DATE,
    "valid_to" DATE,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approved_by" UUID,
    "published_at" TIMESTAMPTZ(3),
    "withdrawn_by" UUID,
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdraw_reason" TEXT,

    CONSTRAINT "policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_match_batch" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "run_id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "policies" TEXT[],
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "matched" INTEGER,
    "added" INTEGER,
    "ended" INTEGER,
    "notified" INTEGER,

    CONSTRAINT "policy_match_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_match" (
    "policy_id" TEXT NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "first_batch" TEXT NOT NULL,
    "first_matched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_batch" TEXT NOT NULL,
    "last_matched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "run_id" TEXT NOT NULL,
    "explanation" JSON NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "end_reason" TEXT,
    "notified_at" TIMESTAMPTZ(3),
    "uptake" TEXT,
    "uptake_at" TIMESTAMPTZ(3),
    "uptake_by" UUID,

    CONSTRAINT "policy_match_pkey" PRIMARY KEY ("policy_id","uscc")
);

-- CreateTable
CREATE TABLE "credit_consent" (
    "uscc" CHAR(18) NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL,
    "granted_by" UUID NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "credit_consent_pkey" PRIMARY KEY ("uscc")
);

-- CreateIndex
CREATE INDEX "policy_status_idx" ON "policy"("status");

-- CreateIndex
CREATE UNIQUE INDEX "policy_code_version_key" ON "policy"("code", "version");

-- CreateIndex
CREATE INDEX "policy_match_uscc_idx" ON "policy_match"("uscc");
