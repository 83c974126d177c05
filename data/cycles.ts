// The annual cycle's read model in PostgreSQL: its phase history, the run whose labels are published,
// the selection (ranking) record, the year's statistics and the typing counts the quota is shared on.
// Every write is idempotent under activity retries and audited.
import type pg from 'pg';
import type { CategoryConfig } from '../domain/category/categoryConfig';
import type { QuotaCounts, RankedCandidate } from '../domain/category/quota';
import type { CyclePhase, ProgrammeCalendar } from '../domain/programmeCalendar';
import type { HolidayCalendar } from '../domain/workingDays';
import type { CycleStatistics } from '../messages/cycleMessages';
import type { PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

const toJson = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const json = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));

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

export const findCycle = (prisma: PrismaClient, year: number) => prisma.cycle.findUnique({ where: { year } });

/** Idempotent: a retry finds the phase change already recorded and writes nothing. */
export async function recordCyclePhase(prisma: PrismaClient, record: PhaseRecord): Promise<void> {
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
}

/** Puts a run's labels in the directory: the cycle's current run (unchanged → no write). */
export async function publishLabels(prisma: PrismaClient, args: { year: number; runId: string }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.cycle.findUniqueOrThrow({ where: { year: args.year } });
    if (before.currentRunId === args.runId) return;
    await tx.cycle.update({ where: { year: args.year }, data: { currentRunId: args.runId } });
    await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'LABELS_PUBLISHED', targetType: 'cycle', targetId: String(args.year), before: { currentRunId: before.currentRunId }, after: { currentRunId: args.runId } });
  });
}

/** The year's statistics, computed and stored on the cycle (when it closes). */
export async function closeCycleStatistics(prisma: PrismaClient, pool: pg.Pool, year: number): Promise<CycleStatistics> {
  const cycle = await prisma.cycle.findUniqueOrThrow({ where: { year } });
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
    (await prisma.recheck.groupBy({ by: ['status'], where: { year }, _count: true })).map((g) => [g.status, g._count]),
  );
  const corrections = await prisma.correction.count({ where: { year } });
  const applications = Object.fromEntries(
    (await prisma.application.groupBy({ by: ['status'], where: { year }, _count: true })).map((g) => [g.status, g._count]),
  );
  const designated = Object.fromEntries(
    (await prisma.categoryLabel.groupBy({ by: ['category'], where: { year }, _count: true })).map((g) => [g.category, g._count]),
  );
  const statistics: CycleStatistics = { runId, byType, byCounty, rechecks, corrections, applications, designated };
  await prisma.cycle.update({ where: { year }, data: { statistics: JSON.parse(JSON.stringify(statistics)) } });
  return statistics;
}

/** Per county, the Sept 30 typing counts (of the cycle's current run) the county caps are shared on; applicants are 0 here. */
export async function countyQuotaCounts(pool: pg.Pool, year: number): Promise<Record<string, QuotaCounts>> {
  const { rows } = await pool.query<{ county: string; type: string; n: number }>(
    `SELECT b.county, r.type, count(*)::int AS n FROM typing_result r JOIN business b ON b.uscc = r.uscc
     WHERE r.run_id = (SELECT current_run_id FROM cycle WHERE year = $1) GROUP BY b.county, r.type`,
    [year],
  );
  const counts: Record<string, QuotaCounts> = {};
  for (const r of rows) {
    const c = (counts[r.county] ??= { growth: 0, development: 0, typed: 0, applicants: 0 });
    if (r.type === 'G') c.growth += r.n;
    if (r.type === 'D') c.development += r.n;
    if (r.type !== 'UNTYPED') c.typed += r.n;
  }
  return counts;
}

/** The ranking of the cycle on its selection record: the quota's base and cap, each candidate's rank and explanation audited. */
export async function recordRanking(
  prisma: PrismaClient,
  args: { year: number; base: number; cap: number; capsByCounty?: Record<string, number>; rankedAt: string; ranking: RankedCandidate[] },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.cycle.updateMany({ where: { year: args.year }, data: { selection: json({ base: args.base, cap: args.cap, capsByCounty: args.capsByCounty, rankedAt: args.rankedAt }) } });
    await writeAudit(tx, {
      actorId: null, actorRole: 'SYSTEM', action: 'CATEGORY_RANKED', targetType: 'cycle', targetId: String(args.year),
      after: { base: args.base, cap: args.cap, ranking: args.ranking.map(({ uscc, rank, selected, score, explanation }) => ({ uscc, rank, selected, score, explanation })) },
      requestId: `ranking@${args.rankedAt}`,
    });
  });
}

/** Every cycle, newest year first. */
export const cyclesNewestFirst = (prisma: PrismaClient) => prisma.cycle.findMany({ orderBy: { year: 'desc' } });
