-- CreateTable
CREATE TABLE "designation_signal" (
    "batch_id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "feed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "designation_signal_pkey" PRIMARY KEY ("batch_id","workflow_id")
);

-- CreateTable
CREATE TABLE "base_list_candidate" (
    "year" INTEGER NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "county" CHAR(6) NOT NULL,
    "industry_code" TEXT NOT NULL,
    "typing_type" TEXT NOT NULL,
    "suggested_category" TEXT NOT NULL,
    "reasons" JSONB NOT NULL,
    "sectors" TEXT[],
    "found_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "invited_at" TIMESTAMPTZ(3),
    "invitation_recipients" INTEGER,

    CONSTRAINT "base_list_candidate_pkey" PRIMARY KEY ("year","uscc")
);

-- CreateIndex
CREATE INDEX "designation_signal_delivered_at_created_at_idx" ON "designation_signal"("delivered_at", "created_at");

-- CreateIndex
CREATE INDEX "base_list_candidate_year_county_idx" ON "base_list_candidate"("year", "county");
