// The annual Schedule on a real dev server (the time-skipping server has no schedules): July 1
// 00:00 Asia/Shanghai, and a triggered action starts cycle-{year} once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { activateCategoryRules, approveCategoryRules, draftCategoryRules } from '../../data/categoryRules';
import { DEFAULT_CATEGORY_RULES } from '../../domain/category/categoryRules';
import { cycleScheduleYears, officialSchedule } from '../../domain/calendar/officialSchedule';
import { operatorHolidaySchedule } from '../../data/holidayScheduleFile';
import { defaultCalendar } from '../../domain/programmeCalendar';
import { shanghaiDateTime } from '../../domain/shanghaiTime';
import { ANNUAL_SCHEDULE_ID, ensureAnnualSchedule } from '../../scripts/annualSchedule';
import { cycleStateQuery } from '../../messages/cycleMessages';
import { CycleYear } from '../../messages/searchAttributes';
import { createProgrammeWorker } from '../../worker';
import { isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';
import { step } from '../support/step';
import { until } from '../support/until';

const taskQueue = 'schedule-test';
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let workerRun: Promise<void>;

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, exportDir: mkdtempSync(path.join(tmpdir(), 'getihu-exports-')) });
  workerRun = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await db?.drop();
  await env?.teardown();
});

async function kickoffs(): Promise<number> {
  return (await env.client.workflow.count('WorkflowType = "annualCycleKickoffWorkflow" AND ExecutionStatus = "Completed"')).count;
}

/** The schedule, created by the first test that needs it. */
const scheduleCreated = step(() => ensureAnnualSchedule(env.client, taskQueue));

describe('the annual schedule', () => {
  it('is created once, for July 1 00:00 Asia/Shanghai', async () => {
    expect(await scheduleCreated()).toBe('created');
    expect(await ensureAnnualSchedule(env.client, taskQueue)).toBe('exists');
    const description = await env.client.schedule.getHandle(ANNUAL_SCHEDULE_ID).describe();
    expect(description.spec.timezone).toBe('Asia/Shanghai');
    const next = description.info.nextActionTimes[0]!;
    expect(shanghaiDateTime(next)).toMatch(/^\d{4}-07-01T00:00$/);
  });

  it('starts cycle-{year} when it fires, and only once however often it fires', async () => {
    await scheduleCreated();
    const handle = env.client.schedule.getHandle(ANNUAL_SCHEDULE_ID);
    const year = Number(shanghaiDateTime(Date.now()).slice(0, 4));
    const rules = { ...DEFAULT_CATEGORY_RULES, scoreSheet: { ...DEFAULT_CATEGORY_RULES.scoreSheet, version: 'schedule-test', passLine: 66 } };
    const [drafter, approver] = [randomUUID(), randomUUID()].map((id) => ({ id, role: 'CITY_AMR' }));
    await draftCategoryRules(db.prisma, { version: 'schedule-test', definition: rules }, drafter!);
    await approveCategoryRules(db.prisma, 'MTYX@schedule-test', approver!);
    await activateCategoryRules(db.prisma, 'MTYX@schedule-test', approver!);
    await handle.trigger();
    await until('the first triggered kickoff workflow to complete', async () => (await kickoffs()) >= 1, 20_000);
    const cycle = await env.client.workflow.getHandle(`cycle-${year}`).describe();
    expect(cycle.typedSearchAttributes.get(CycleYear)).toBe(year);
    const firstRun = cycle.runId;
    // The official holiday schedule of the year is the cycle's input (looked up outside the workflow).
    const state = await env.client.workflow.getHandle(`cycle-${year}`).query(cycleStateQuery);
    expect(state.holidays).toEqual(officialSchedule(cycleScheduleYears(defaultCalendar(year)), undefined, operatorHolidaySchedule()));
    expect(state.holidays!.source).toMatch(/^chinese-days@1\.5\.7/);
    // So are the ACTIVE 名特优新 rules (activated before the trigger), recorded with the cycle.
    expect(state.categoryRules).toEqual({ id: 'MTYX@schedule-test', version: 'schedule-test' });
    const recorded = await until('the cycle to record its settings', () => db.prisma.cycle.findUnique({ where: { year } }));
    expect(recorded.categoryConfig).toMatchObject({ rules: { id: 'MTYX@schedule-test' }, scoreSheet: { version: 'schedule-test', passLine: 66 } });
    expect(cycle.memo).toEqual({ categoryRules: 'MTYX@schedule-test' });

    await handle.trigger();
    await until('the second triggered kickoff workflow to complete', async () => (await kickoffs()) >= 2, 20_000);
    expect(await kickoffs()).toBe(2);
    expect((await env.client.workflow.getHandle(`cycle-${year}`).describe()).runId).toBe(firstRun);
    expect((await env.client.workflow.count(`WorkflowId = "cycle-${year}"`)).count).toBe(1);
  });
});
