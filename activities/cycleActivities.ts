// Side effects of the annual cycle workflow: the cycle read model and its audit trail.
import type pg from 'pg';
import type { CycleStatistics } from '../messages/cycleMessages';
import type { PrismaClient } from '../prisma/client';
import { closeCycleStatistics, publishLabels, recordCyclePhase, type PhaseRecord } from '../data/cycles';
import { findTypingSubmission, recordTypingSubmission } from '../data/directorySubmissions';
import { ensureDefaultRuleset } from '../data/rulesets';
import { reportCategoryIntake } from './categoryIntakeReport';
import { exportDirectory } from '../data/directoryExport';
import { deliverReport, fileOnlySender, type DirectorySender } from './directorySender';

// The phase record lives with the cycle's read model (data/cycles.ts); re-exported for the activity's callers.
export type { PhaseRecord };

// The statistics are a message contract (messages/cycleMessages.ts); re-exported for the activity's callers.
export type { CycleStatistics };

export function createCycleActivities(prisma: PrismaClient, pool: pg.Pool, exportDir: string, sender: DirectorySender = fileOnlySender) {
  return {
    /** The ACTIVE typing ruleset (installing the embedded default if there is none). */
    async activeTypingRuleset(): Promise<string> {
      return ensureDefaultRuleset(prisma);
    },

    /** Puts a run's labels in the directory: the cycle's current run. */
    async publishLabels(args: { year: number; runId: string }): Promise<void> {
      await publishLabels(prisma, args);
    },

    /**
     * Exports the typing labels for the provincial/national directory and records the submission (once
     * per run), with an entry per label (uscc, year, TYPING) pointing at the latest report that carried it.
     * The sender says how far it got: the default only writes the file (WRITTEN).
     */
    async submitDirectory(args: { year: number; runId: string }): Promise<{ file: string; rows: number }> {
      const existing = await findTypingSubmission(prisma, args.year, args.runId);
      if (existing) {
        if (existing.status === 'WRITTEN') await deliverReport(prisma, sender, existing);
        return { file: existing.file, rows: existing.rows };
      }
      const exported = await exportDirectory(pool, exportDir, args.year, args.runId);
      const submission = await recordTypingSubmission(prisma, { year: args.year, runId: args.runId, file: exported.file, rows: exported.rows, sha256: exported.sha256, sender: sender.name });
      await deliverReport(prisma, sender, submission);
      return { file: exported.file, rows: exported.rows };
    },

    /** The year's 名特优新 labels for intake by Nov 30 (categoryIntakeReport.ts): only those not yet reported. */
    async reportCategoryIntake(args: { year: number }): Promise<{ submissionId: string | null; rows: number; status: string | null }> {
      const { submissionId, rows, status } = await reportCategoryIntake(prisma, pool, exportDir, sender, args.year);
      return { submissionId, rows, status };
    },

    /** The year's statistics, stored on the cycle when it closes. */
    async closeCycleStatistics(args: { year: number }): Promise<CycleStatistics> {
      return closeCycleStatistics(prisma, pool, args.year);
    },

    /** Idempotent: a retried activity finds the phase change already recorded and writes nothing. */
    async recordCyclePhase(record: PhaseRecord): Promise<void> {
      await recordCyclePhase(prisma, record);
    },
  };
}

export type CycleActivities = ReturnType<typeof createCycleActivities>;
