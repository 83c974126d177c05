// A flood of objections during the public notice (issue 8 item 3): 200 real-name objections against one
// shortlisted application are decided in one acceptance task that lists them all (those received while
// it is open join it), the accepted ones in one verification task; the notice still ends on its date
// and the application is confirmed and designated on time. The test plays the cycle's part by Signals.
// On the dev server in real time, with a notice of 90 seconds: nothing here needs months to pass.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import { ensureDefaultRuleset } from '../../data/rulesets';
import { DEFAULT_CATEGORY_CONFIG } from '../../domain/category/categoryConfig';
import { defaultCalendar } from '../../domain/programmeCalendar';
import { typingReferenceDate } from '../../domain/typing/referenceDate';
import { NO_HOLIDAYS } from '../../domain/workingDays';
import { applicationViewQuery, confirmedSignal, objectionSignal, rankingSignal, reviewOpenedSignal, type ApplicationInput } from '../../messages/applicationMessages';
import { categoryApplicationWorkflow } from '../../workflows/categoryApplication';
import { completeTaskUpdate, type Actor } from '../../messages/taskMessages';
import { typingRunWorkflow } from '../../workflows/typingRun';
import { createProgrammeWorker } from '../../worker';
import { loadKnownPopulation, type KnownPopulation } from '../support/categoryPopulation';
import { isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';
import { until } from '../support/until';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
let db: IsolatedDatabase;
let worker: Worker;
let population: KnownPopulation;
let year: number;
const taskQueue = 'objection-flood';

beforeAll(async () => {
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  year = new Date().getUTCFullYear(); // real time: this year's data, with the calendar's end moved ahead (below)
  population = await loadKnownPopulation(db.pool, { year, growth: 4, survival: 1 });
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, mail: { outboxDir: mkdtempSync(path.join(tmpdir(), 'flood-outbox-')) },
  });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
});

const at = async () => new Date().toISOString();

describe('a flood of objections during the public notice', () => {
  it('lists 200 objections in one acceptance task; the notice ends on its date and the application is confirmed on time', async () => {
    const calendar = { ...defaultCalendar(year), reviewEndsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), closesAt: new Date(Date.now() + 60 * 86_400_000).toISOString() };
    const { uscc, county } = population.growth[0]!;
    const staff = async (role: string, name: string): Promise<Actor> => {
      const p = await db.prisma.principal.create({ data: { name, role, county } });
      return { id: p.id, name, role, county };
    };
    const [admin, a, b] = [await staff('COUNTY_AMR', '县局管理员'), await staff('GRASSROOTS_STAFF', '评分人甲'), await staff('GRASSROOTS_STAFF', '评分人乙')];
    const input: ApplicationInput = {
      applicationId: crypto.randomUUID(), year, uscc, county, category: 'MING', channel: 'SELF', submittedBy: { id: crypto.randomUUID(), role: 'HOUSEHOLD' },
      submittedAt: new Date().toISOString(), specialGroups: [], declared: { fields: {}, evidence: [] },
      calendar, config: DEFAULT_CATEGORY_CONFIG, holidays: NO_HOLIDAYS, cycleWorkflowId: `no-cycle-${year}`,
    };
    const taskId = (suffix: string) => `task-app-${input.applicationId}-${suffix}`;

    await worker.runUntil(async () => {
      // The year's typing (the cycle's July run): the gate reads the published labels.
      const runId = `typing-${year}-ANNUAL`;
      await env.client.workflow.execute(typingRunWorkflow, {
        workflowId: runId, taskQueue, args: [{ runId, year, kind: 'ANNUAL', rulesetId: await ensureDefaultRuleset(db.prisma), referenceDate: typingReferenceDate(year) }],
      });
      // A cycle that keeps its register in the database (as cycles do now): the application does not signal it.
      await db.prisma.cycle.create({ data: { year, workflowId: `no-cycle-${year}`, phase: 'RECHECK_WINDOW', calendar, currentRunId: runId, selection: { register: 'DATABASE' } } });
      const app = await env.client.workflow.start(categoryApplicationWorkflow, { workflowId: `application-${year}-${uscc}`, taskQueue, args: [input] });
      const statusIs = (status: string) => until(status, async () => (await app.query(applicationViewQuery)).status === status);
      await statusIs('GATE_PASSED');

      // The cycle's part up to the notice: review opens, the review and the two visits, a place in the quota.
      await app.signal(reviewOpenedSignal);
      await until('the review task', () => db.prisma.task.findUnique({ where: { id: taskId('review-1') } }));
      await app.executeUpdate(completeTaskUpdate, { args: [taskId('review-1'), admin, { approve: true, reason: '符合条件', assessedCriteria: ['M3'] }] });
      const sheet = { sections: { A: 20, B: 20, C: 30, D: 10, E: 5 }, veto: false, noConflictDeclared: true, notes: '' };
      await until('the visit tasks', async () => (await db.prisma.task.count({ where: { id: { in: [taskId('visit-1-1'), taskId('visit-1-2')] } } })) === 2);
      await app.executeUpdate(completeTaskUpdate, { args: [taskId('visit-1-1'), a, sheet] });
      await app.executeUpdate(completeTaskUpdate, { args: [taskId('visit-1-2'), b, sheet] });
      await statusIs('SCORED');
      const noticeEndsAt = new Date(Date.now() + 90_000).toISOString();
      await app.signal(rankingSignal, { selected: true, rank: 1, explanation: '名额 1 名以内，入选', noticeEndsAt });
      await statusIs('IN_PUBLICITY');

      // 150 objections, then 50 more while the acceptance task is open.
      const ids = Array.from({ length: 200 }, () => crypto.randomUUID());
      await db.prisma.objection.createMany({
        data: ids.map((id, i) => ({ id, year, uscc, objectorName: `异议人${i}`, objectorPhone: `1380000${String(i).padStart(4, '0')}`, facts: '批量异议', evidence: [], status: 'RECEIVED' })),
      });
      for (const id of ids.slice(0, 150)) await app.signal(objectionSignal, { objectionId: id, receivedAt: await at() });
      await until('the acceptance task', () => db.prisma.task.findUnique({ where: { id: taskId('objections-1-accept') } }));
      for (const id of ids.slice(150)) await app.signal(objectionSignal, { objectionId: id, receivedAt: await at() });
      const acceptance = await until('all 200 listed', async () => {
        const t = await db.prisma.task.findUniqueOrThrow({ where: { id: taskId('objections-1-accept') } });
        return t.items.length === 200 && t;
      });
      expect([...acceptance.items].sort()).toEqual([...ids].sort());
      expect(await db.prisma.task.count({ where: { workflowId: app.workflowId, kind: { startsWith: 'OBJECTION' } } })).toBe(1);

      // A payload that leaves objections undecided is refused and changes nothing.
      const decide = (list: string[]) => list.map((objectionId, i) => ({ objectionId, accept: i === 0, reason: i === 0 ? '实名且有事实依据' : '重复、无事实依据，不予受理' }));
      await expect(app.executeUpdate(completeTaskUpdate, { args: [taskId('objections-1-accept'), admin, { decisions: decide(ids.slice(0, 150)) }] }))
        .rejects.toMatchObject({ cause: { type: 'TASK_INVALID_PAYLOAD', message: expect.stringContaining('尚缺 50 件') } });
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: taskId('objections-1-accept') } })).status).toBe('OPEN');

      await app.executeUpdate(completeTaskUpdate, { args: [taskId('objections-1-accept'), admin, { decisions: decide(ids) }] });
      await until('the verification task', () => db.prisma.task.findUnique({ where: { id: taskId('objections-1-verify') } }));
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: taskId('objections-1-verify') } })).items).toEqual([ids[0]]);
      await app.executeUpdate(completeTaskUpdate, { args: [taskId('objections-1-verify'), admin, { verdicts: [{ objectionId: ids[0]!, upheld: false, findings: '现场核查', reason: '经核查不属实' }] }] });
      await statusIs('IN_PUBLICITY');

      // The notice ends on its date; the city confirms before the review period ends.
      expect(Date.now()).toBeLessThan(Date.parse(noticeEndsAt)); // every objection decided within the notice
      await until('the end of the notice', async () => (await app.query(applicationViewQuery)).status === 'AWAITING_CONFIRMATION', 150_000);
      await app.signal(confirmedSignal, { designatedOn: calendar.reviewEndsAt.slice(0, 10), validUntil: `${year + 3}-10-31`, batch: `${year}-名特优新` });
      await statusIs('DESIGNATED');
      const view = await app.query(applicationViewQuery);
      const cleared = view.history.find((h) => h.status === 'AWAITING_CONFIRMATION')!;
      expect(Date.parse(cleared.at)).toBeGreaterThanOrEqual(Date.parse(noticeEndsAt));
      expect(Date.parse(cleared.at)).toBeLessThanOrEqual(Date.parse(noticeEndsAt) + 10_000);
      expect(Date.parse(view.history.find((h) => h.status === 'CONFIRMED')!.at)).toBeLessThan(Date.parse(calendar.reviewEndsAt));
      expect(view.objections.filter((o) => o.status === 'NOT_ACCEPTED')).toHaveLength(199);
    });

    const decided = await db.prisma.objection.groupBy({ by: ['status'], where: { uscc }, _count: { _all: true } });
    expect(Object.fromEntries(decided.map((d) => [d.status, d._count._all]))).toEqual({ NOT_ACCEPTED: 199, DISMISSED: 1 });
    expect(await db.prisma.task.count({ where: { uscc, kind: { startsWith: 'OBJECTION' } } })).toBe(2);
  }, 300_000);
});
