-- AlterTable
ALTER TABLE "cycle" ADD COLUMN     "holidays" JSONB;
