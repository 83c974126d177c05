-- AlterTable
ALTER TABLE "objection" ADD COLUMN     "delivered_at" TIMESTAMPTZ(3),
ADD COLUMN     "delivery" TEXT NOT NULL DEFAULT 'PENDING',
ADD COLUMN     "delivery_attempts" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "objection_year_uscc_objector_phone_key" ON "objection"("year", "uscc", "objector_phone");

-- Objections recorded before this migration were all heard by their workflow (the old route deleted
-- the ones whose Signal failed).
UPDATE "objection" SET "delivery" = 'DELIVERED', "delivered_at" = "received_at";

ALTER TABLE "objection" ADD CONSTRAINT "objection_delivery_check" CHECK ("delivery" IN ('PENDING', 'DELIVERED', 'APPLICATION_CLOSED'));

-- The delivery reconciler reads only the few objections still waiting.
CREATE INDEX "objection_pending_delivery_idx" ON "objection"("received_at") WHERE "delivery" = 'PENDING';
