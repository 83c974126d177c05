-- CreateTable
CREATE TABLE "category_rule_set" (
    "id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "note" TEXT,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approved_by" UUID,
    "approved_at" TIMESTAMPTZ(3),
    "activated_by" UUID,
    "activated_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "category_rule_set_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "category_rule_set_version_key" ON "category_rule_set"("version");

-- CreateIndex
CREATE INDEX "category_rule_set_status_idx" ON "category_rule_set"("status");

-- At most one ACTIVE version: two concurrent activations cannot both commit (the API also serialises
-- them with an advisory lock, so the later one wins and retires the earlier). Prisma cannot express
-- partial indexes or CHECK constraints.
CREATE UNIQUE INDEX "category_rule_set_one_active" ON "category_rule_set" ((true)) WHERE "status" = 'ACTIVE';
ALTER TABLE "category_rule_set" ADD CONSTRAINT "category_rule_set_status_known"
  CHECK ("status" IN ('DRAFT', 'APPROVED', 'ACTIVE', 'RETIRED'));
