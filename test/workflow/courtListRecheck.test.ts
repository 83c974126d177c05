// N2 (失信被执行人) re-checked before the public notice and before intake (docs/policy.md#p-gate-n2): an
// operator put on the court's list after the gate is refused at the moment of the re-check, with the
// reason, and leaves the selection. The test plays the cycle's part by Signals, on the dev server in
// real time (a notice of a few seconds).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import { ensureDefaultRuleset } from '../../data/rulesets';
import { DEFAULT_CATEGORY_CONFIG } from '../../domain/category/categoryConfig';
import { defaultCalendar } from '../../domain/programmeCalendar';
import { shanghaiDate } from '../../domain/shanghaiTime';
import { typingReferenceDate } from '../../domain/typing/referenceDate';
import { NO_HOLIDAYS } from '../../domain/workingDays';
import { applicationViewQuery, confirmedSignal, rankingSignal, reviewOpenedSignal, type ApplicationInput } from '../../messages/applicationMessages';
import { categoryApplicationWorkflow } from '../../workflows/categoryApplication';
import { reviewTaskId, siteVisitTaskId } from '../../messages/ids';
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
const taskQueue = 'court-list-recheck';

beforeAll(async () => {
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  year = new Date().getUTCFullYear(); // real time: this year's data, with the calendar's end moved ahead (below)
  population = await loadKnownPopulation(db.pool, { year, growth: 4, survival: 1 });
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, mail: { outboxDir: mkdtempSync(path.join(tmpdir(), 'court-outbox-')) },
  });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
});

describe('N2 re-checked before the notice and before intake', () => {
  it('refuses an operator listed by the court after the gate, at the re-check, with the reason', async () => {
    const calendar = { ...defaultCalendar(year), reviewEndsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), closesAt: new Date(Date.now() + 60 * 86_400_000).toISOString() };
    const [beforeNotice, beforeIntake] = population.growth;
    const county = beforeNotice!.county;
    const staff = async (role: string, name: string, c: string): Promise<Actor> => ({ id: (await db.prisma.principal.create({ data: { name, role, county: c } })).id, role, county: c });
    const today = shanghaiDate(new Date().toISOString());
    /** The court lists the household's operator today (as a feed would). */
    const listByCourt = async (uscc: string) => {
      const { operatorIdHash } = await db.prisma.business.findUniqueOrThrow({ where: { uscc } });
      await db.prisma.courtDishonest.create({ data: { caseNo: `(${year})鄂1303执${uscc.slice(-4)}号`, operatorIdHash: operatorIdHash!, court: '随州市曾都区人民法院', listedOn: new Date(today), department: '法院', asOf: new Date(today) } });
    };

    await worker.runUntil(async () => {
      const runId = `typing-${year}-ANNUAL`;
      await env.client.workflow.execute(typingRunWorkflow, {
        workflowId: runId, taskQueue, args: [{ runId, year, kind: 'ANNUAL', rulesetId: await ensureDefaultRuleset(db.prisma), referenceDate: typingReferenceDate(year) }],
      });
      await db.prisma.cycle.create({ data: { year, workflowId: `no-cycle-${year}`, phase: 'RECHECK_WINDOW', calendar, currentRunId: runId, selection: { register: 'DATABASE' } } });

      /** An application through gate, review and the two visits, to SCORED. */
      const scored = async (h: { uscc: string; county: string }) => {
        const input: ApplicationInput = {
          applicationId: crypto.randomUUID(), year, uscc: h.uscc, county: h.county, category: 'MING', channel: 'SELF', submittedBy: { id: crypto.randomUUID(), role: 'HOUSEHOLD' },
          submittedAt: new Date().toISOString(), specialGroups: [], declared: { fields: {}, evidence: [] },
          calendar, config: DEFAULT_CATEGORY_CONFIG, holidays: NO_HOLIDAYS, cycleWorkflowId: `no-cycle-${year}`,
        };
        const [admin, a, b] = [await staff('COUNTY_AMR', '县局管理员', h.county), await staff('GRASSROOTS_STAFF', '评分人甲', h.county), await staff('GRASSROOTS_STAFF', '评分人乙', h.county)];
        const app = await env.client.workflow.start(categoryApplicationWorkflow, { workflowId: `application-${year}-${h.uscc}`, taskQueue, args: [input] });
        const statusIs = (status: string) => until(status, async () => (await app.query(applicationViewQuery)).status === status);
        await statusIs('GATE_PASSED');
        await app.signal(reviewOpenedSignal);
        await until('the review task', () => db.prisma.task.findUnique({ where: { id: reviewTaskId(input.applicationId, 1) } }));
        await app.executeUpdate(completeTaskUpdate, { args: [reviewTaskId(input.applicationId, 1), admin, { approve: true, reason: '符合条件', assessedCriteria: ['M3'] }] });
        const sheet = { sections: { A: 20, B: 20, C: 30, D: 10, E: 5 }, veto: false, noConflictDeclared: true, notes: '' };
        await until('the visit tasks', async () => (await db.prisma.task.count({ where: { id: { in: [siteVisitTaskId(input.applicationId, 1, 1), siteVisitTaskId(input.applicationId, 1, 2)] } } })) === 2);
        await app.executeUpdate(completeTaskUpdate, { args: [siteVisitTaskId(input.applicationId, 1, 1), a, sheet] });
        await app.executeUpdate(completeTaskUpdate, { args: [siteVisitTaskId(input.applicationId, 1, 2), b, sheet] });
        await statusIs('SCORED');
        return { app, statusIs };
      };

      // Listed after the gate, before the notice: refused when selected, never shortlisted or in notice.
      const first = await scored(beforeNotice!);
      await listByCourt(beforeNotice!.uscc);
      await first.app.signal(rankingSignal, { selected: true, rank: 1, explanation: '名额 2 名以内，入选', noticeEndsAt: new Date(Date.now() + 5_000).toISOString() });
      await first.statusIs('REJECTED_GATE');
      const refused = await first.app.query(applicationViewQuery);
      expect(refused.gate).toMatchObject({ passed: false, refusals: [{ code: 'N2', reason: `经营者被列为失信被执行人（公示前复核，${today}）` }] });
      expect(refused.history.map((h) => h.status)).not.toContain('SHORTLISTED');
      expect(refused.history.at(-1)!.note).toContain('N2');
      // The read model follows the workflow's decision (a projection activity): wait for it, then compare.
      await until('the read model', async () => (await db.prisma.application.findFirstOrThrow({ where: { uscc: beforeNotice!.uscc } })).status !== 'SCORED');
      expect(await db.prisma.application.findFirstOrThrow({ where: { uscc: beforeNotice!.uscc } })).toMatchObject({ status: 'REJECTED_GATE' });

      // Listed after the notice, before intake: refused when the city's confirmation arrives, not ingested.
      const second = await scored(beforeIntake!);
      await second.app.signal(rankingSignal, { selected: true, rank: 2, explanation: '名额 2 名以内，入选', noticeEndsAt: new Date(Date.now() + 5_000).toISOString() });
      await until('the end of the notice', async () => (await second.app.query(applicationViewQuery)).status === 'AWAITING_CONFIRMATION', 60_000);
      await listByCourt(beforeIntake!.uscc);
      await second.app.signal(confirmedSignal, { designatedOn: today, validUntil: `${year + 3}-${today.slice(5)}`, batch: `${year}-名特优新` });
      await second.statusIs('REJECTED_GATE');
      const late = await second.app.query(applicationViewQuery);
      expect(late.gate).toMatchObject({ passed: false, refusals: [{ code: 'N2', reason: `经营者被列为失信被执行人（入库前复核，${today}）` }] });
      expect(late.history.map((h) => h.status)).not.toContain('CONFIRMED');
      expect(late.designation).toBeNull();
      expect(await db.prisma.categoryLabel.count({ where: { uscc: beforeIntake!.uscc } })).toBe(0);
    });
  }, 300_000);
});
