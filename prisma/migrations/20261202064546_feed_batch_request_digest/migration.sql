-- AlterTable
ALTER TABLE "feed_batch" ADD COLUMN     "request_digest" TEXT;
