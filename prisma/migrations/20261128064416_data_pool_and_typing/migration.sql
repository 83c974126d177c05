-- CreateTable
CREATE TABLE "feed_batch" (
    "id" UUID NOT NULL,
    "feed" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "principal_id" UUID NOT NULL,
    "idempotency_key" TEXT,
    "as_of" DATE NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rows_total" INTEGER NOT NULL,
    "rows_stored" INTEGER NOT NULL,
    "rows_unchanged" INTEGER NOT NULL,
    "rows_rejected" INTEGER NOT NULL,
    "rejects" JSONB,

    CONSTRAINT "feed_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business" (
    "uscc" CHAR(18) NOT NULL,
    "trade_name" TEXT,
    "operator_name" TEXT,
    "operator_id_hash" CHAR(64),
    "operation_form" TEXT,
    "established_on" DATE NOT NULL,
    "county" CHAR(6) NOT NULL,
    "industry_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "special_groups" TEXT[],
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "business_pkey" PRIMARY KEY ("uscc")
);

-- CreateTable
CREATE TABLE "annual_report" (
    "uscc" CHAR(18) NOT NULL,
    "report_year" INTEGER NOT NULL,
    "submitted_on" DATE NOT NULL,
    "revenue" DECIMAL(16,2),
    "employees_count" INTEGER,
    "tax_total" DECIMAL(16,2),
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "annual_report_pkey" PRIMARY KEY ("uscc","report_year")
);

-- CreateTable
CREATE TABLE "tax_record" (
    "uscc" CHAR(18) NOT NULL,
    "tax_year" INTEGER NOT NULL,
    "tax_paid_total" DECIMAL(16,2),
    "invoiced_sales" DECIMAL(16,2),
    "credit_rating" TEXT,
    "abnormal_taxpayer" BOOLEAN NOT NULL DEFAULT false,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "tax_record_pkey" PRIMARY KEY ("uscc","tax_year")
);

-- CreateTable
CREATE TABLE "social_insurance" (
    "uscc" CHAR(18) NOT NULL,
    "year" INTEGER NOT NULL,
    "insured_employees" INTEGER NOT NULL,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "social_insurance_pkey" PRIMARY KEY ("uscc","year")
);

-- CreateTable
CREATE TABLE "abnormal_mark" (
    "uscc" CHAR(18) NOT NULL,
    "reason" TEXT NOT NULL,
    "marked_on" DATE NOT NULL,
    "restored_on" DATE,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "abnormal_mark_pkey" PRIMARY KEY ("uscc","marked_on","reason")
);

-- CreateTable
CREATE TABLE "administrative_penalty" (
    "decision_no" TEXT NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "decided_on" DATE NOT NULL,
    "authority" TEXT NOT NULL,
    "measures" TEXT[],
    "fine_amount" DECIMAL(16,2),
    "domain" TEXT NOT NULL,
    "public_until" DATE,
    "credit_repaired_on" DATE,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "administrative_penalty_pkey" PRIMARY KEY ("decision_no")
);

-- CreateTable
CREATE TABLE "serious_dishonest_listing" (
    "uscc" CHAR(18) NOT NULL,
    "listed_on" DATE NOT NULL,
    "removed_on" DATE,
    "basis" TEXT,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "serious_dishonest_listing_pkey" PRIMARY KEY ("uscc","listed_on")
);

-- CreateTable
CREATE TABLE "court_dishonest" (
    "case_no" TEXT NOT NULL,
    "operator_id_hash" CHAR(64) NOT NULL,
    "court" TEXT NOT NULL,
    "listed_on" DATE NOT NULL,
    "removed_on" DATE,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "court_dishonest_pkey" PRIMARY KEY ("case_no")
);

-- CreateTable
CREATE TABLE "ruleset" (
    "id" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "owner" TEXT NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approved_by" UUID,
    "approved_at" TIMESTAMPTZ(3),
    "activated_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "ruleset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "typing_run" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "ruleset_id" TEXT NOT NULL,
    "reference_date" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "total" INTEGER,
    "counts" JSONB,

    CONSTRAINT "typing_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "typing_result" (
    "run_id" TEXT NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "type" TEXT NOT NULL,
    "reason" TEXT,
    "features" JSON NOT NULL,
    "trace" TEXT NOT NULL,

    CONSTRAINT "typing_result_pkey" PRIMARY KEY ("run_id","uscc")
);

-- CreateIndex
CREATE INDEX "feed_batch_department_received_at_idx" ON "feed_batch"("department", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "feed_batch_feed_department_idempotency_key_key" ON "feed_batch"("feed", "department", "idempotency_key");

-- CreateIndex
CREATE INDEX "business_county_idx" ON "business"("county");

-- CreateIndex
CREATE INDEX "business_industry_code_idx" ON "business"("industry_code");

-- CreateIndex
CREATE INDEX "business_operator_id_hash_idx" ON "business"("operator_id_hash");

-- CreateIndex
CREATE INDEX "administrative_penalty_uscc_idx" ON "administrative_penalty"("uscc");

-- CreateIndex
CREATE INDEX "court_dishonest_operator_id_hash_idx" ON "court_dishonest"("operator_id_hash");

-- CreateIndex
CREATE UNIQUE INDEX "ruleset_code_version_key" ON "ruleset"("code", "version");

-- CreateIndex
CREATE INDEX "typing_run_year_idx" ON "typing_run"("year");

-- CreateIndex
CREATE INDEX "typing_result_run_id_type_idx" ON "typing_result"("run_id", "type");
