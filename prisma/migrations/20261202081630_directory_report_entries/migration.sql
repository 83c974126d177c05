-- AlterTable
ALTER TABLE "directory_submission" ADD COLUMN     "acknowledged_at" TIMESTAMPTZ(3),
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'NATIONAL_TYPING',
ADD COLUMN     "reference" TEXT,
ADD COLUMN     "sender" TEXT NOT NULL DEFAULT 'file';

-- CreateTable
CREATE TABLE "directory_report_entry" (
    "uscc" CHAR(18) NOT NULL,
    "year" INTEGER NOT NULL,
    "label_kind" TEXT NOT NULL,
    "submission_id" UUID NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_report_entry_pkey" PRIMARY KEY ("uscc","year","label_kind")
);

-- CreateIndex
CREATE INDEX "directory_report_entry_submission_id_idx" ON "directory_report_entry"("submission_id");

-- AddForeignKey
ALTER TABLE "directory_report_entry" ADD CONSTRAINT "directory_report_entry_submission_id_fkey" FOREIGN KEY ("submission_id") REFERENCES "directory_submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
