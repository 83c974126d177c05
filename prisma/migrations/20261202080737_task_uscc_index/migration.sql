-- The inbox filtered to one business (GET /api/v1/tasks?uscc=, the case view).
-- CreateIndex
CREATE INDEX "task_uscc_year_idx" ON "task"("uscc", "year");

-- In schema.prisma (@@index([uscc, year]) on Application) but in no earlier migration: the diff found it.
-- IF NOT EXISTS in case another branch adds it too.
-- CreateIndex
CREATE INDEX IF NOT EXISTS "application_uscc_year_idx" ON "application"("uscc", "year");
