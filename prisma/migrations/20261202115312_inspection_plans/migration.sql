-- CreateTable
CREATE TABLE "inspection_plan" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "r0" DOUBLE PRECISION NOT NULL,
    "multipliers" JSONB NOT NULL,
    "frequency_years" INTEGER NOT NULL,
    "risk_complaints" INTEGER NOT NULL,
    "risk_months" INTEGER NOT NULL,
    "roster" JSONB NOT NULL,
    "seed" CHAR(64) NOT NULL,
    "status" TEXT NOT NULL,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "frozen_at" TIMESTAMPTZ(3),
    "population_size" INTEGER,
    "population_digest" CHAR(64),
    "drawn_at" TIMESTAMPTZ(3),

    CONSTRAINT "inspection_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inspection_candidate" (
    "plan_id" UUID NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "county" CHAR(6) NOT NULL,
    "segment" TEXT NOT NULL,
    "excluded" TEXT,

    CONSTRAINT "inspection_candidate_pkey" PRIMARY KEY ("plan_id","uscc")
);

-- CreateTable
CREATE TABLE "inspection" (
    "plan_id" UUID NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "county" CHAR(6) NOT NULL,
    "segment" TEXT NOT NULL,
    "inspectors" TEXT[],
    "outcome" TEXT,
    "outcome_at" TIMESTAMPTZ(3),
    "recorded_by" UUID,
    "year" INTEGER NOT NULL,

    CONSTRAINT "inspection_pkey" PRIMARY KEY ("plan_id","uscc")
);

-- CreateIndex
CREATE UNIQUE INDEX "inspection_plan_period_key" ON "inspection_plan"("period");

-- CreateIndex
CREATE INDEX "inspection_uscc_year_idx" ON "inspection"("uscc", "year");
