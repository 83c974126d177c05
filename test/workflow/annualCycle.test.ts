// Whole cycles on the time-skipping test server: July 1 to November 30 in seconds, each phase at its
// date in Asia/Shanghai, the typing runs over a synthetic population, the directory exports, and a
// correction accepted in August that changes a business's type in the Sept 30 re-run.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import { defaultCalendar } from '../../domain/programmeCalendar';
import { shanghaiDateTime } from '../../domain/shanghaiTime';
import { decodeFeatures, type StoredFeatures } from '../../domain/typing/storedResult';
import { loadPopulation } from '../../scripts/syntheticPopulation';
import { annualCycleWorkflow } from '../../workflows/annualCycle';
import { cycleStateQuery } from '../../messages/cycleMessages';
import { recheckWorkflow } from '../../workflows/recheck';
import { recheckViewQuery, verifyRecheckUpdate } from '../../messages/recheckMessages';
import { createProgrammeWorker } from '../../worker';
import { isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { recordHistory } from '../support/replayHistories';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
const exportDir = mkdtempSync(path.join(tmpdir(), 'getihu-exports-'));
const POPULATION = 3_000;

beforeAll(async () => {
  [env, bundle] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows()]);
});
afterAll(async () => {
  await env?.teardown();
});

async function setup(year: number, taskQueue: string): Promise<{ db: IsolatedDatabase; worker: Worker }> {
  const db = await isolatedDatabase();
  await loadPopulation(db.pool, { count: POPULATION, seed: year, year });
  const worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, exportDir });
  return { db, worker };
}

describe('annual cycle workflow', () => {
  it('runs July 1 to November 30: every phase at its Shanghai date, typing, exports, statistics', async () => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1; // a year still ahead
    const taskQueue = `cycle-${year}`;
    const { db, worker } = await setup(year, taskQueue);
    try {
      const result = await worker.runUntil(async () => {
        const handle = await env.client.workflow.start(annualCycleWorkflow, { workflowId: `cycle-${year}`, taskQueue, args: [{ year, calendar: defaultCalendar(year) }] });
        expect((await handle.query(cycleStateQuery)).phase).toBe('PLANNED');
        const state = await handle.result(); // time skips while we wait for the result
        await recordHistory('annualCycle.json', () => handle.fetchHistory());
        return state;
      });

      expect(result.history.map((h) => [h.phase, shanghaiDateTime(h.at)])).toEqual([
        ['PLANNED', expect.any(String)],
        ['TYPING', `${year}-07-01T00:00`],
        ['RECHECK_WINDOW', `${year}-07-01T00:00`], // as soon as the labels are out
        ['RERUN', `${year}-09-30T18:00`],
        ['CATEGORY_REVIEW', `${year}-10-01T00:00`],
        ['INGESTION', `${year}-11-01T00:00`],
        ['CLOSED', `${year}-12-01T00:00`], // the end of November 30
      ]);
      expect(result.runs.map((r) => [r.runId, r.total, r.exportedRows])).toEqual([
        [`typing-${year}-ANNUAL`, POPULATION, POPULATION],
        [`typing-${year}-RERUN`, POPULATION, POPULATION],
      ]);
      // Labels reach the national directory by Aug 15: the export is recorded right after typing.
      const submissions = await db.prisma.directorySubmission.findMany({ where: { year }, orderBy: { submittedAt: 'asc' } });
      expect(submissions).toHaveLength(2);
      const csv = readFileSync(submissions[0]!.file, 'utf8');
      expect(csv.split('\n')[0]).toBe('\ufeff统一社会信用代码,分型年度,类型,说明,规则集版本,分型批次,计算时间');
      expect(csv.trim().split('\n')).toHaveLength(POPULATION + 1);
      // Nobody has acknowledged them (no endpoint yet): written, not submitted; each label points at the latest report.
      expect(submissions.map((s) => [s.kind, s.status, s.sender])).toEqual([['NATIONAL_TYPING', 'WRITTEN', 'file'], ['NATIONAL_TYPING', 'WRITTEN', 'file']]);
      expect(await db.prisma.directoryReportEntry.count({ where: { year, labelKind: 'TYPING', submissionId: submissions[1]!.id } })).toBe(POPULATION);

      const rows = await db.prisma.cyclePhaseChange.findMany({ where: { year }, orderBy: { id: 'asc' } });
      expect(rows.map((r) => [r.phase, r.at.toISOString()])).toEqual(result.history.map((h) => [h.phase, h.at]));
      const cycle = await db.prisma.cycle.findUniqueOrThrow({ where: { year } });
      expect(cycle).toMatchObject({ phase: 'CLOSED', currentRunId: `typing-${year}-RERUN` });
      const stats = result.statistics!;
      expect(Object.values(stats.byType).reduce((a, b) => a + b, 0)).toBe(POPULATION);
      expect(cycle.statistics).toEqual(JSON.parse(JSON.stringify(stats)));
      expect(await db.prisma.auditEntry.count({ where: { targetType: 'cycle', targetId: String(year), action: 'CYCLE_PHASE_CHANGED' } })).toBe(7);
    } finally {
      await db.drop();
    }
  });

  it('a correction accepted in August changes the type in the Sept 30 re-run, citing who corrected it', async () => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const taskQueue = `cycle-correction-${year}`;
    const { db, worker } = await setup(year, taskQueue);
    try {
      await worker.runUntil(async () => {
        const handle = await env.client.workflow.start(annualCycleWorkflow, { workflowId: `cycle-correction-${year}`, taskQueue, args: [{ year, calendar: defaultCalendar(year) }] });
        // Skip to August 10: the annual typing has run and the recheck window is open.
        await env.sleep(Date.parse(`${year}-08-10T02:00:00Z`) - (await env.currentTimeMs()));
        expect((await handle.query(cycleStateQuery)).phase).toBe('RECHECK_WINDOW');

        // A 生存型 business that would be 成长型 if its revenue were ¥150,000.
        const { rows } = await db.pool.query<{ uscc: string; county: string; features: StoredFeatures }>(
          `SELECT r.uscc, b.county, r.features FROM typing_result r JOIN business b ON b.uscc = r.uscc
           WHERE r.run_id = $1 AND r.type = 'S' AND r.reason IS NULL ORDER BY r.uscc`,
          [`typing-${year}-ANNUAL`],
        );
        const { uscc, county } = rows.find((r) => {
          const f = decodeFeatures(r.features);
          return (f.age_months.value ?? 0) >= 12 && (f.employees.value ?? 0) >= 1;
        })!;
        const recheck = await env.client.workflow.start(recheckWorkflow, {
          workflowId: `recheck-${year}-${uscc}`,
          taskQueue,
          args: [{ recheckId: '7f1d2c3b-0000-4000-8000-000000000001', year, uscc, county, disputed: [{ feature: 'revenue', claimedValue: 150_000 }], submittedBy: { id: '7f1d2c3b-0000-4000-8000-0000000000aa', role: 'HOUSEHOLD' }, dueAt: defaultCalendar(year).rerunAt, expiresAt: defaultCalendar(year).rerunAt }],
        });
        // The wrong county's staff is refused by the validator, and nothing is recorded.
        await expect(
          recheck.executeUpdate(verifyRecheckUpdate, { args: [{ id: '7f1d2c3b-0000-4000-8000-0000000000bb', name: '李四', role: 'GRASSROOTS_STAFF', county: '999999' }, [{ feature: 'revenue', accept: true, value: 150_000, reason: '核对发票' }]] }),
        ).rejects.toMatchObject({ cause: { type: 'RECHECK_NOT_ASSIGNEE', message: expect.stringContaining('县') } });
        expect(await db.prisma.correction.count()).toBe(0);
        const verified = await recheck.executeUpdate(verifyRecheckUpdate, {
          args: [{ id: '7f1d2c3b-0000-4000-8000-0000000000cc', name: '张三', role: 'GRASSROOTS_STAFF', county }, [{ feature: 'revenue', accept: true, value: 150_000, reason: '核对2024年全年发票与银行流水' }]],
          updateId: 'verify-1',
        });
        expect(verified.status).toBe('RESOLVED_CORRECTED');
        expect((await recheck.query(recheckViewQuery)).status).toBe('RESOLVED_CORRECTED');
        await recheck.result();
        await recordHistory('recheck.json', () => recheck.fetchHistory());

        await handle.result();
        const annual = await db.pool.query('SELECT type FROM typing_result WHERE run_id = $1 AND uscc = $2', [`typing-${year}-ANNUAL`, uscc]);
        const rerun = await db.pool.query<{ type: string; features: StoredFeatures }>('SELECT type, features FROM typing_result WHERE run_id = $1 AND uscc = $2', [`typing-${year}-RERUN`, uscc]);
        expect(annual.rows[0].type).toBe('S');
        expect(rerun.rows[0]!.type).toBe('G');
        expect(decodeFeatures(rerun.rows[0]!.features).revenue).toEqual({
          value: 150_000, field: 'CORRECTION.revenue', provenance: { department: '市场监管（复核更正）', asOf: expect.stringMatching(/^\d{4}-08-10$/), correctedBy: '张三' },
        });
        expect(await db.prisma.task.findFirstOrThrow({ where: { kind: 'RECHECK_VERIFY' } })).toMatchObject({ status: 'COMPLETED', county });
        expect(await db.prisma.auditEntry.count({ where: { action: 'RECHECK_VERIFIED' } })).toBe(1);
      });
    } finally {
      await db.drop();
    }
  });

  it('a drill with a compressed calendar runs the same phases on its own dates', async () => {
    const now = await env.currentTimeMs();
    const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
    const calendar = { opensAt: at(1), typingDueAt: at(2), nationalReportDueAt: at(3), rerunAt: at(4), declarationClosesAt: at(5), rankingAt: at(5.5), reviewEndsAt: at(6), closesAt: at(7) };
    const year = 2090; // a drill: its own id and read-model row
    const { db, worker } = await setup(year, 'drill');
    try {
      const state = await worker.runUntil(env.client.workflow.execute(annualCycleWorkflow, { workflowId: `drill-${year}`, taskQueue: 'drill', args: [{ year, calendar }] }));
      expect(state.history.map((h) => h.phase)).toEqual(['PLANNED', 'TYPING', 'RECHECK_WINDOW', 'RERUN', 'CATEGORY_REVIEW', 'INGESTION', 'CLOSED']);
      // Each dated phase starts at its milestone (the timer fires at the instant; the task follows within ms).
      const starts = { TYPING: at(1), RERUN: at(4), CATEGORY_REVIEW: at(5), INGESTION: at(6), CLOSED: at(7) };
      for (const [phase, instant] of Object.entries(starts)) {
        const lateness = Date.parse(state.history.find((h) => h.phase === phase)!.at) - Date.parse(instant);
        expect(lateness).toBeGreaterThanOrEqual(0);
        expect(lateness).toBeLessThan(60_000);
      }
      expect(state.runs.map((r) => r.total)).toEqual([POPULATION, POPULATION]);
    } finally {
      await db.drop();
    }
  });
});
