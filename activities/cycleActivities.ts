// Side effects of the annual cycle workflow: the cycle read model and its audit trail.
import type pg from 'pg';
import type { CyclePhase, ProgrammeCalendar } from '../domain/programmeCalendar';
import type { CategoryConfig } from '../domain/category/categoryConfig';
import type { HolidayCalendar } from '../domain/workingDays';
import type { CycleStatistics } from '../messages/cycleMessages';
import type { PrismaClient } from '../prisma/client';
import { writeAudit } from '../data/audit';
import { ensureDefaultRuleset } from '../data/rulesets';
import { reportCategoryIntake } from './categoryIntakeReport';
import { exportDirectory } from '../data/directoryExport';
import { deliverReport, fileOnlySender, type DirectorySender } from './directorySender';

const toJson = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

export interface PhaseRecord {
  year: number;
  workflowId: string;
  phase: CyclePhase;
  at: string;
  calendar: ProgrammeCalendar;
  /** The year's 名特优新 settings (applications started through the API follow them). */
  categoryConfig?: CategoryConfig;
  /** Set by cycles that keep the 名特优新 register in the database (activities/selectionActivities.ts). */
  selectionRegister?: 'DATABASE';
  /** The official holiday schedule in force (applications and rechecks started through the API follow it). */
  holidays?: HolidayCalendar;
}

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
      await prisma.$transaction(async (tx) => {
        const before = await tx.cycle.findUniqueOrThrow({ where: { year: args.year } });
        if (before.currentRunId === args.runId) return;
        await tx.cycle.update({ where: { year: args.year }, data: { currentRunId: args.runId } });
        await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'LABELS_PUBLISHED', targetType: 'cycle', targetId: String(args.year), before: { currentRunId: before.currentRunId }, after: { currentRunId: args.runId } });
      });
    },

    /**
     * Exports the typing labels for the provincial/national directory and records the submission (once
     * per run), with an entry per label (uscc, year, TYPING) pointing at the latest report that carried it.
     * The sender says how far it got: the default only writes the file (WRITTEN).
     */
    async submitDirectory(args: { year: number; runId: string }): Promise<{ file: string; rows: number }> {
      const existing = await prisma.directorySubmission.findUnique({ where: { year_runId: { year: args.year, runId: args.runId } } });
      if (existing) {
        if (existing.status === 'WRITTEN') await deliverReport(prisma, sender, existing);
        return { file: existing.file, rows: existing.rows };
      }
      const exported = await exportDirectory(pool, exportDir, args.year, args.runId);
      const submission = await prisma.$transaction(async (tx) => {
        const created = await tx.directorySubmission.create({
          data: { year: args.year, runId: args.runId, kind: 'NATIONAL_TYPING', file: exported.file, rows: exported.rows, sha256: exported.sha256, status: 'WRITTEN', sender: sender.name },
        });
        await tx.$executeRaw`INSERT INTO directory_report_entry (uscc, year, label_kind, submission_id)
          SELECT uscc, ${args.year}, 'TYPING', ${created.id}::uuid FROM typing_result WHERE run_id = ${args.runId}
          ON CONFLICT (uscc, year, label_kind) DO UPDATE SET submission_id = EXCLUDED.submission_id, reported_at = now()`;
        await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'DIRECTORY_WRITTEN', targetType: 'cycle', targetId: String(args.year), after: { runId: args.runId, rows: exported.rows, sha256: exported.sha256 } });
        return created;
      });
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
      const cycle = await prisma.cycle.findUniqueOrThrow({ where: { year: args.year } });
      const runId = cycle.currentRunId;
      const byType: Record<string, number> = {};
      const byCounty: Record<string, Record<string, number>> = {};
      if (runId) {
        const { rows } = await pool.query<{ county: string; type: string; n: number }>(
          'SELECT b.county, r.type, count(*)::int AS n FROM typing_result r JOIN business b ON b.uscc = r.uscc WHERE r.run_id = $1 GROUP BY b.county, r.type',
          [runId],
        );
        for (const r of rows) {
          byType[r.type] = (byType[r.type] ?? 0) + r.n;
          (byCounty[r.county] ??= {})[r.type] = r.n;
        }
      }
      const rechecks = Object.fromEntries(
        (await prisma.recheck.groupBy({ by: ['status'], where: { year: args.year }, _count: true })).map((g) => [g.status, g._count]),
      );
      const corrections = await prisma.correction.count({ where: { year: args.year } });
      const applications = Object.fromEntries(
        (await prisma.application.groupBy({ by: ['status'], where: { year: args.year }, _count: true })).map((g) => [g.status, g._count]),
      );
      const designated = Object.fromEntries(
        (await prisma.categoryLabel.groupBy({ by: ['category'], where: { year: args.year }, _count: true })).map((g) => [g.category, g._count]),
      );
      const statistics: CycleStatistics = { runId, byType, byCounty, rechecks, corrections, applications, designated };
      await prisma.cycle.update({ where: { year: args.year }, data: { statistics: JSON.parse(JSON.stringify(statistics)) } });
      return statistics;
    },

    /** Idempotent: a retried activity finds the phase change already recorded and writes nothing. */
    async recordCyclePhase(record: PhaseRecord): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const before = await tx.cycle.findUnique({ where: { year: record.year } });
        const already = await tx.cyclePhaseChange.findUnique({ where: { year_phase: { year: record.year, phase: record.phase } } });
        if (already) return;
        // Applications ask whether their cycle keeps its register here: say so from its first phase on.
        const register = record.selectionRegister && !(before?.selection as { register?: string } | null)?.register ? { selection: { ...(before?.selection as object | null), register: record.selectionRegister } } : {};
        await tx.cycle.upsert({
          where: { year: record.year },
          create: { year: record.year, workflowId: record.workflowId, phase: record.phase, calendar: record.calendar, categoryConfig: toJson(record.categoryConfig), holidays: toJson(record.holidays), ...register },
          update: { phase: record.phase, calendar: record.calendar, categoryConfig: toJson(record.categoryConfig), holidays: toJson(record.holidays), ...register },
        });
        await tx.cyclePhaseChange.create({ data: { year: record.year, phase: record.phase, at: new Date(record.at) } });
        await writeAudit(tx, {
          actorId: null,
          actorRole: 'SYSTEM',
          action: 'CYCLE_PHASE_CHANGED',
          targetType: 'cycle',
          targetId: String(record.year),
          before: before ? { phase: before.phase } : null,
          after: { phase: record.phase, at: record.at },
        });
      });
    },
  };
}

export type CycleActivities = ReturnType<typeof createCycleActivities>;
