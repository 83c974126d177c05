-- AlterTable
ALTER TABLE "cycle" ADD COLUMN     "category_config" JSONB,
ADD COLUMN     "selection" JSONB;

-- AlterTable
ALTER TABLE "task" ADD COLUMN     "uscc" CHAR(18),
ADD COLUMN     "year" INTEGER;

-- CreateTable
CREATE TABLE "task_comment" (
    "id" BIGSERIAL NOT NULL,
    "task_id" TEXT NOT NULL,
    "author_id" UUID,
    "author" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "county" CHAR(6) NOT NULL,
    "category" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_by" UUID NOT NULL,
    "declared" JSONB NOT NULL,
    "gate" JSONB,
    "criteria" JSONB,
    "review" JSONB,
    "score" DOUBLE PRECISION,
    "score_passed" BOOLEAN,
    "rank" INTEGER,
    "selected" BOOLEAN,
    "explanation" TEXT,
    "notice_ends_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recommendation" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "category" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "principal_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "consent" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recommendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "objection" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "objector_name" TEXT NOT NULL,
    "objector_phone" TEXT NOT NULL,
    "organisation" TEXT,
    "facts" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "decision" JSONB,
    "decided_by" UUID,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "category_label" (
    "uscc" CHAR(18) NOT NULL,
    "year" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "recommender_dept" TEXT,
    "designated_on" DATE NOT NULL,
    "valid_until" DATE NOT NULL,
    "batch" TEXT NOT NULL,
    "status" TEXT NOT NULL,

    CONSTRAINT "category_label_pkey" PRIMARY KEY ("uscc","year")
);

-- CreateIndex
CREATE INDEX "task_comment_task_id_idx" ON "task_comment"("task_id");

-- CreateIndex
CREATE INDEX "application_year_status_idx" ON "application"("year", "status");

-- CreateIndex
CREATE UNIQUE INDEX "application_year_uscc_key" ON "application"("year", "uscc");

-- CreateIndex
CREATE INDEX "recommendation_year_uscc_idx" ON "recommendation"("year", "uscc");

-- CreateIndex
CREATE INDEX "objection_year_uscc_idx" ON "objection"("year", "uscc");

-- CreateIndex
CREATE INDEX "category_label_year_category_idx" ON "category_label"("year", "category");

-- CreateIndex
CREATE INDEX "task_year_status_idx" ON "task"("year", "status");

-- AddForeignKey
ALTER TABLE "task_comment" ADD CONSTRAINT "task_comment_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
