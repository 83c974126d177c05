-- AlterTable
ALTER TABLE "application" ADD COLUMN     "candidate" JSONB;
