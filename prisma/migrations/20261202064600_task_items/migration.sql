-- AlterTable
ALTER TABLE "task" ADD COLUMN     "items" TEXT[] DEFAULT ARRAY[]::TEXT[];
