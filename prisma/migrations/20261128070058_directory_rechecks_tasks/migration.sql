-- AlterTable
ALTER TABLE "cycle" ADD COLUMN     "current_run_id" TEXT,
ADD COLUMN     "statistics" JSONB;

-- CreateTable
CREATE TABLE "directory_submission" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "run_id" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "status" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recheck" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "county" CHAR(6) NOT NULL,
    "status" TEXT NOT NULL,
    "disputed" JSONB NOT NULL,
    "submitted_by" UUID NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_by" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "decisions" JSONB,
    "workflow_id" TEXT NOT NULL,

    CONSTRAINT "recheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "correction" (
    "id" BIGSERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "feature" TEXT NOT NULL,
    "value" DECIMAL(16,2) NOT NULL,
    "recheck_id" UUID NOT NULL,
    "corrected_by" UUID NOT NULL,
    "corrector_name" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "corrected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "correction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "county" CHAR(6),
    "role" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "assignee_id" UUID,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    "completed_by" UUID,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "task_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "directory_submission_year_run_id_key" ON "directory_submission"("year", "run_id");

-- CreateIndex
CREATE INDEX "recheck_year_uscc_idx" ON "recheck"("year", "uscc");

-- CreateIndex
CREATE INDEX "recheck_county_status_idx" ON "recheck"("county", "status");

-- CreateIndex
CREATE INDEX "correction_year_uscc_idx" ON "correction"("year", "uscc");

-- CreateIndex
CREATE INDEX "task_role_county_status_due_at_idx" ON "task"("role", "county", "status", "due_at");
