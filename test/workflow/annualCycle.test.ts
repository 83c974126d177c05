// A whole cycle on the time-skipping test server: July 1 to November 30 in seconds, each phase at its
// date in Asia/Shanghai, recorded in the read model.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { defaultCalendar } from '../../domain/programmeCalendar';
import { shanghaiDateTime } from '../../domain/shanghaiTime';
import type { PrismaClient } from '../../prisma/client';
import { annualCycleWorkflow } from '../../workflows/annualCycle';
import { cycleStateQuery } from '../../workflows/cycleMessages';
import { createProgrammeWorker } from '../../worker';
import { testPool, testPrisma } from '../support/database';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
let prisma: PrismaClient;
let pool: pg.Pool;

beforeAll(async () => {
  [env, bundle] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows()]);
  prisma = testPrisma();
  pool = testPool();
});
afterAll(async () => {
  await prisma?.$disconnect();
  await pool?.end();
  await env?.teardown();
});

describe('annual cycle workflow', () => {
  it('runs July 1 to November 30 with every phase at its Shanghai date', async () => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1; // a year still ahead
    const taskQueue = `cycle-test-${year}`;
    const worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma, pool, taskQueue, workflowBundle: bundle });
    const workflowId = `cycle-${year}`;
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(annualCycleWorkflow, {
        workflowId,
        taskQueue,
        args: [{ year, calendar: defaultCalendar(year) }],
      });
      const early = await handle.query(cycleStateQuery);
      expect(early.phase).toBe('PLANNED');
      const state = await handle.result(); // time skips while we wait for the result
      if (process.env.RECORD_REPLAY_HISTORIES) {
        const history = await handle.fetchHistory();
        const file = path.resolve(import.meta.dirname, '..', 'replay', 'histories', 'annualCycle.json');
        const { historyToJSON } = await import('@temporalio/common/lib/proto-utils');
        writeFileSync(file, historyToJSON(history));
      }
      return state;
    });

    const seen = result.history.map((h) => [h.phase, shanghaiDateTime(h.at)]);
    expect(seen).toEqual([
      ['PLANNED', expect.any(String)],
      ['TYPING', `${year}-07-01T00:00`],
      ['RECHECK_WINDOW', `${year}-08-01T00:00`],
      ['RERUN', `${year}-09-30T18:00`],
      ['CATEGORY_REVIEW', `${year}-10-01T00:00`],
      ['INGESTION', `${year}-11-01T00:00`],
      ['CLOSED', `${year}-12-01T00:00`],
    ]);
    expect(result.phase).toBe('CLOSED');

    const rows = await prisma.cyclePhaseChange.findMany({ where: { year }, orderBy: { at: 'asc' } });
    expect(rows.map((r) => [r.phase, r.at.toISOString()])).toEqual(result.history.map((h) => [h.phase, h.at]));
    const cycle = await prisma.cycle.findUniqueOrThrow({ where: { year } });
    expect(cycle.phase).toBe('CLOSED');
    const audits = await prisma.auditEntry.count({ where: { targetType: 'cycle', targetId: String(year), action: 'CYCLE_PHASE_CHANGED' } });
    expect(audits).toBe(7);
  });

  it('a drill with a compressed calendar runs the same phases on its own dates', async () => {
    const now = await env.currentTimeMs();
    const year = 2090; // a drill: its own id and read-model row, far from the years other tests use
    const day = 24 * 3600_000;
    const at = (days: number) => new Date(now + days * day).toISOString();
    const calendar = { opensAt: at(1), typingDueAt: at(2), nationalReportDueAt: at(3), rerunAt: at(4), declarationClosesAt: at(5), reviewEndsAt: at(6), closesAt: at(7) };
    const taskQueue = `drill-${year}`;
    const worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma, pool, taskQueue, workflowBundle: bundle });
    const state = await worker.runUntil(env.client.workflow.execute(annualCycleWorkflow, { workflowId: `drill-${year}`, taskQueue, args: [{ year, calendar }] }));
    // Each phase starts at its milestone (timers fire at the instant; the workflow task follows within ms).
    const lateness = state.history.slice(1).map((h, i) => Date.parse(h.at) - Date.parse(at([1, 2, 4, 5, 6, 7][i]!)));
    expect(state.history.slice(1).map((h) => h.phase)).toEqual(['TYPING', 'RECHECK_WINDOW', 'RERUN', 'CATEGORY_REVIEW', 'INGESTION', 'CLOSED']);
    for (const ms of lateness) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(60_000);
    }
  });
});
