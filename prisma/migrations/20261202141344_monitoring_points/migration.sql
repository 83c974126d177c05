-- CreateTable
CREATE TABLE "monitoring_point" (
    "year" INTEGER NOT NULL,
    "uscc" CHAR(18) NOT NULL,
    "county" CHAR(6) NOT NULL,
    "reason" TEXT NOT NULL,
    "added_by" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removed_by" UUID,
    "removed_at" TIMESTAMPTZ(3),
    "remove_reason" TEXT,

    CONSTRAINT "monitoring_point_pkey" PRIMARY KEY ("year","uscc")
);

-- CreateIndex
CREATE INDEX "monitoring_point_county_year_idx" ON "monitoring_point"("county", "year");
