-- CreateTable
CREATE TABLE "evidence_file" (
    "id" UUID NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "year" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "uploaded_by" UUID NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_file_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evidence_file_uscc_year_idx" ON "evidence_file"("uscc", "year");
