-- AlterTable
ALTER TABLE "task" ADD COLUMN     "event_seq" INTEGER NOT NULL DEFAULT 0;
