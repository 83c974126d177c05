// Credit-repair and annual-report reminders on the time-skipping test server and a real database: the
// reminder workflow, started the way the system starts it, runs through a year; each reminder is in the
// outbox from its date at 09:00 Asia/Shanghai (not an hour before), exactly once, and sent; a repaired,
// an unrepairable and an already-unpublished penalty get none, nor households that filed since or that the
// latest run typed; each batch is audited once with its counts. And a repaired penalty no longer counts in
// the next typing run's facts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { recordDueReminders } from '../../data/reminders';
import { readFacts } from '../../data/typingFacts';
import { withReminderDefaults } from '../../domain/reminders/reminderConfig';
import { ANNUAL_REPORT_MAIL, CREDIT_REPAIR_MAIL, fillTemplate } from '../../domain/reminders/reminderMail';
import { shanghaiDate, shanghaiInstant } from '../../domain/shanghaiTime';
import { REMINDERS_WORKFLOW_ID } from '../../messages/ids';
import { reminderStateQuery, type ReminderInput } from '../../messages/reminderMessages';
import { ensureReminderWorkflow } from '../../scripts/reminderWorkflow';
import { syntheticUscc } from '../../scripts/syntheticPopulation';
import { createProgrammeWorker } from '../../worker';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { recordHistory } from '../support/replayHistories';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';
import { until } from '../support/until';

const taskQueue = 'reminders-test';
const HOUR = 3_600_000;
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let workerRun: Promise<void>;
let Y: number; // the year the workflow runs through (starts Jan 1, 00:00 Shanghai)

const uscc = (i: number) => syntheticUscc(900_000 + i, '421321');
const H = { repair: uscc(1), food: uscc(2), noReport: uscc(3), filed: uscc(4), unpublished: uscc(5), typedNow: uscc(6), repaired: uscc(7), backlog: uscc(8) };
// Short sleeps in the test, so a year is few batches: look again every 30 days, continue as new every 3 batches.
const INPUT: ReminderInput = { config: { recheckDays: 30 }, batchesPerExecution: 3 };

async function advanceTo(instant: Date): Promise<void> {
  const wait = instant.getTime() - (await env.currentTimeMs());
  if (wait > 0) await env.sleep(wait);
}
const at9 = (date: string) => shanghaiInstant(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)), 9);

async function reminderRows() {
  const { rows } = await db.pool.query<{ dedupe_key: string; kind: string; subject: string; body: string; sent: boolean }>(
    `SELECT dedupe_key, kind, subject, body, sent_at IS NOT NULL AS sent FROM notification WHERE kind IN ('CREDIT_REPAIR_REMINDER', 'ANNUAL_REPORT_REMINDER') ORDER BY dedupe_key`,
  );
  return rows;
}
const keys = async () => (await reminderRows()).map((r) => r.dedupe_key.split(':').slice(0, -1).join(':'));

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  Y = Number(shanghaiDate(await env.currentTimeMs()).slice(0, 4)) + 1;
  await advanceTo(shanghaiInstant(Y, 1, 1));

  for (const [i, u] of Object.values(H).entries()) {
    await db.pool.query(
      `INSERT INTO business (uscc, established_on, county, industry_code, status, special_groups, department, as_of) VALUES ($1, '2015-03-01', '421321', '6210', 'ACTIVE', '{}', '市场监管', $2)`,
      [u, `${Y - 1}-12-31`],
    );
    const p = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: u });
    await db.prisma.principal.update({ where: { id: p.id }, data: { email: `household${i}@example.com` } });
  }
  const penalty = (no: string, u: string, decidedOn: string, domain: string, measures: string[], publicUntil: string | null, repairedOn: string | null = null) =>
    db.pool.query(
      `INSERT INTO administrative_penalty (decision_no, uscc, decided_on, authority, measures, fine_amount, domain, public_until, credit_repaired_on, department, as_of)
       VALUES ($1, $2, $3, '随县市场监督管理局', $4, 20000, $5, $6, $7, '市场监管', $8)`,
      [no, u, decidedOn, measures, domain, publicUntil, repairedOn, `${Y - 1}-12-31`],
    );
  await penalty('随县市监罚〔1〕1号', H.repair, `${Y - 1}-11-10`, 'other', ['罚款'], `${Y + 2}-11-10`); // repairable Y-05-10
  await penalty('随县市监罚〔1〕2号', H.food, `${Y - 1}-09-15`, 'food', ['罚款', '没收违法所得'], `${Y + 2}-09-15`); // food: Y-09-15
  await penalty('随县市监罚〔1〕3号', H.repaired, `${Y - 1}-10-01`, 'other', ['罚款'], `${Y + 2}-10-01`, `${Y - 1}-12-20`); // repaired already
  await penalty('随县市监罚〔1〕4号', H.unpublished, `${Y - 1}-12-01`, 'other', ['通报批评'], `${Y}-03-01`); // published 3 months only
  await penalty('随县市监罚〔1〕5号', H.unpublished, `${Y - 1}-08-01`, 'other', ['罚款', '吊销许可证件'], `${Y + 2}-08-01`); // cannot be repaired
  await penalty('随县市监罚〔1〕6号', H.backlog, `${Y - 2}-12-01`, 'other', ['罚款'], `${Y + 1}-12-01`); // repairable since Y-1-06-01

  // Typing year Y−1: the annual run left noReport, filed and typedNow UNTYPED for NO_ANNUAL_REPORT; the
  // re-run (the year's latest result) typed typedNow after its correction; filed has since filed for Y−1.
  for (const kind of ['ANNUAL', 'RERUN']) {
    await db.pool.query(
      `INSERT INTO typing_run (id, year, kind, ruleset_id, reference_date, status, finished_at) VALUES ($1, $2, $3, 'default@1', $4, 'DONE', $5)`,
      [`typing-${Y - 1}-${kind}`, Y - 1, kind, `${Y - 1}-06-30`, kind === 'ANNUAL' ? `${Y - 1}-07-01T08:00:00Z` : `${Y - 1}-09-30T12:00:00Z`],
    );
    for (const u of [H.noReport, H.filed, H.typedNow]) {
      const typed = kind === 'RERUN' && u === H.typedNow;
      await db.pool.query(`INSERT INTO typing_result (run_id, uscc, type, reason, features, trace) VALUES ($1, $2, $3, $4, '{}', '')`, [
        `typing-${Y - 1}-${kind}`, u, typed ? 'S' : 'UNTYPED', typed ? null : 'NO_ANNUAL_REPORT',
      ]);
    }
  }
  await db.pool.query(`INSERT INTO annual_report (uscc, report_year, submitted_on, department, as_of) VALUES ($1, $2, $3, '市场监管', $3)`, [H.filed, Y - 1, `${Y}-03-20`]);

  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle,
    mail: { outboxDir: mkdtempSync(path.join(tmpdir(), 'getihu-reminders-')) },
  });
  workerRun = worker.run();
}, 240_000);
afterAll(async () => {
  await env?.client.workflow.getHandle(REMINDERS_WORKFLOW_ID).terminate('test over').catch(() => undefined);
  worker?.shutdown();
  await workerRun;
  await db?.drop();
  await env?.teardown();
});

describe('reminder workflow', () => {
  it('sends each reminder from its date, once, and none for repaired, unrepairable or unpublished penalties', async () => {
    expect(await ensureReminderWorkflow(env.client, taskQueue, INPUT)).toBe('started');
    expect(await ensureReminderWorkflow(env.client, taskQueue, INPUT)).toBe('running'); // the system's next start
    const handle = env.client.workflow.getHandle(REMINDERS_WORKFLOW_ID);
    const firstRun = (await handle.describe()).runId;

    // Jan 1: the first batch catches up with a penalty repairable since last year.
    await until('the first batch', async () => (await handle.query(reminderStateQuery)).batches >= 1);
    expect(await keys()).toEqual(['credit-repair:随县市监罚〔1〕6号']);

    const dues: Array<[string, string]> = [
      [`${Y}-05-10`, 'credit-repair:随县市监罚〔1〕1号'],
      [`${Y}-06-01`, `annual-report:${H.noReport}:${Y - 1}`],
      [`${Y}-09-15`, 'credit-repair:随县市监罚〔1〕2号'],
    ];
    const seen = ['credit-repair:随县市监罚〔1〕6号'];
    for (const [date, key] of dues) {
      await advanceTo(new Date(at9(date).getTime() - HOUR));
      expect(await keys(), `nothing new before ${date} 09:00`).toEqual([...seen].sort());
      await advanceTo(new Date(at9(date).getTime() + HOUR));
      seen.push(key);
      await until(`the reminder of ${date}`, async () => JSON.stringify(await keys()) === JSON.stringify([...seen].sort()));
    }
    await advanceTo(shanghaiInstant(Y, 12, 31, 23));
    await until('every reminder sent', async () => (await reminderRows()).every((r) => r.sent));

    // Exactly once each, and what each says.
    const rows = await reminderRows();
    expect(rows.map((r) => r.dedupe_key.split(':').slice(0, -1).join(':'))).toEqual([...seen].sort());
    const food = rows.find((r) => r.dedupe_key.startsWith('credit-repair:随县市监罚〔1〕2号'))!;
    expect(food.subject).toBe(CREDIT_REPAIR_MAIL.subject);
    expect(food.body).toBe(fillTemplate(CREDIT_REPAIR_MAIL.body, [H.food, '随县市监罚〔1〕2号', `${Y - 1}-09-15`, '随县市场监督管理局', `${Y}-09-15`, `${Y + 2}-09-15`]));
    expect(food.body).toContain('信用中国');
    const annual = rows.find((r) => r.kind === 'ANNUAL_REPORT_REMINDER')!;
    expect(annual.body).toBe(fillTemplate(ANNUAL_REPORT_MAIL.body, [H.noReport, String(Y - 1), String(Y - 2), `${Y}年6月30日`, String(Y - 1)]));
    expect(annual.body).toContain('国家企业信用信息公示系统');
    for (const r of rows) expect(`${r.subject}\n${r.body}`).not.toMatch(/@example\.com/);

    // One audit row per batch that recorded something, with its counts.
    const audits = await db.prisma.auditEntry.findMany({ where: { action: 'REMINDERS_RECORDED' }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.after)).toEqual([
      { date: `${Y}-01-01`, creditRepair: 1, annualReport: 0, runId: null },
      { date: `${Y}-05-10`, creditRepair: 1, annualReport: 0, runId: null },
      { date: `${Y}-06-01`, creditRepair: 0, annualReport: 1, runId: `typing-${Y - 1}-RERUN` },
      { date: `${Y}-09-15`, creditRepair: 1, annualReport: 0, runId: null },
    ]);
    const state = await handle.query(reminderStateQuery);
    expect([state.creditRepair, state.annualReport, state.sent]).toEqual([3, 1, 4]);
    expect(state.batches).toBeGreaterThan(3); // continued as new along the way
    expect((await handle.describe()).runId).not.toBe(firstRun);

    // A batch of a day already done records nothing again.
    expect(await recordDueReminders(db.pool, `${Y}-09-15`, withReminderDefaults(INPUT.config))).toMatchObject({ creditRepair: 0, annualReport: 0 });
    await recordHistory('remindersContinuedAsNew.json', () => env.client.workflow.getHandle(REMINDERS_WORKFLOW_ID, firstRun).fetchHistory());
  });

  it('a credit-repaired penalty no longer counts in the next run\'s facts (repaired on or before R)', async () => {
    const one = async (referenceDate: string) => {
      const [facts] = await readFacts(db.pool, { after: '', upTo: 'ZZZZZZZZZZZZZZZZZZ', year: Number(referenceDate.slice(0, 4)), referenceDate }).then((all) => all.filter((f) => f.uscc === H.repaired));
      return facts!.latestUnrepairedPenaltyOn?.value ?? null;
    };
    // Repaired Y−1-12-20: a run at Dec 19 still counts it, the next one does not.
    expect(await one(`${Y - 1}-12-19`)).toBe(`${Y - 1}-10-01`);
    expect(await one(`${Y - 1}-12-20`)).toBeNull();
    expect(await one(`${Y}-06-30`)).toBeNull();
  });
});
