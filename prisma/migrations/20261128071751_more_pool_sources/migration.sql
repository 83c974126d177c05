-- CreateTable
CREATE TABLE "finance_profile" (
    "uscc" CHAR(18) NOT NULL,
    "period" TEXT NOT NULL,
    "loan_balance" DECIMAL(16,2),
    "credit_line" DECIMAL(16,2),
    "first_loan" BOOLEAN NOT NULL DEFAULT false,
    "in_default" BOOLEAN NOT NULL DEFAULT false,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "finance_profile_pkey" PRIMARY KEY ("uscc","period")
);

-- CreateTable
CREATE TABLE "ip_asset" (
    "kind" TEXT NOT NULL,
    "reg_no" TEXT NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "holder" TEXT NOT NULL,
    "title" TEXT,
    "classes" TEXT[],
    "patent_type" TEXT,
    "status" TEXT NOT NULL,
    "valid_until" DATE,
    "gi_related" BOOLEAN NOT NULL DEFAULT false,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "ip_asset_pkey" PRIMARY KEY ("kind","reg_no")
);

-- CreateTable
CREATE TABLE "designation" (
    "uscc" CHAR(18) NOT NULL,
    "kind" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "authority" TEXT NOT NULL,
    "awarded_on" DATE NOT NULL,
    "valid_until" DATE,
    "title" TEXT,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "designation_pkey" PRIMARY KEY ("uscc","kind","authority","awarded_on")
);

-- CreateTable
CREATE TABLE "safety_accident" (
    "uscc" CHAR(18) NOT NULL,
    "occurred_on" DATE NOT NULL,
    "grade" TEXT NOT NULL,
    "deaths" INTEGER NOT NULL DEFAULT 0,
    "serious_injuries" INTEGER NOT NULL DEFAULT 0,
    "direct_loss" DECIMAL(16,2),
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "safety_accident_pkey" PRIMARY KEY ("uscc","occurred_on","grade")
);

-- CreateTable
CREATE TABLE "complaint" (
    "complaint_no" TEXT NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "received_on" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "substantiated" BOOLEAN,
    "department" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "batch_id" UUID,

    CONSTRAINT "complaint_pkey" PRIMARY KEY ("complaint_no")
);

-- CreateIndex
CREATE INDEX "ip_asset_uscc_idx" ON "ip_asset"("uscc");

-- CreateIndex
CREATE INDEX "complaint_uscc_received_on_idx" ON "complaint"("uscc", "received_on");
