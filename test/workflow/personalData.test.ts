// Personal data stays out of Temporal (issue 8 item 6): a whole 名特优新 year — the cycle with its
// typing runs, three applications (one refused at the gate for a court listing, one with a real-name
// objection), the designations — runs with the payload codec installed on the worker and the client,
// with distinctive personal strings everywhere they occur in real life: operator names and a special
// group on the business, an ID number and a phone in the declaration, staff names on every task
// action, the objector's name and phone. Then every recorded history of the year is fetched from the
// server and scanned — the raw JSON and every payload's bytes — and none of those strings is found.
// Decrypted with the key, the payloads still hold no person's name, no group membership and no
// objector's phone (messages carry ids and derived facts); what the household typed into its
// declaration does travel, and the codec is what keeps it unreadable.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import { AesGcmPayloadCodec, encryptingDataConverter } from '../../codec/payloadCodec';
import { DEFAULT_CATEGORY_CONFIG } from '../../domain/category/categoryConfig';
import { defaultCalendar } from '../../domain/programmeCalendar';
import { NO_HOLIDAYS } from '../../domain/workingDays';
import { annualCycleWorkflow } from '../../workflows/annualCycle';
import { applicationViewQuery, objectionSignal, type ApplicationInput } from '../../messages/applicationMessages';
import { categoryApplicationWorkflow } from '../../workflows/categoryApplication';
import { cycleStateQuery } from '../../messages/cycleMessages';
import { confirmationTaskId } from '../../messages/ids';
import { completeTaskUpdate, type Actor } from '../../messages/taskMessages';
import { createProgrammeWorker } from '../../worker';
import { loadKnownPopulation, type KnownPopulation } from '../support/categoryPopulation';
import { isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';
import { until } from '../support/until';

const PERSONAL = {
  operatorName: '欧阳锋测试',
  dishonestOperator: '慕容复测试',
  specialGroup: '残疾人（测试标记）', // not a group name of the configuration, which lists the relaxed groups
  idNumber: '420103198807071234',
  householdPhone: '13607221111',
  countyAdmin: '司马懿测试',
  assessorA: '诸葛亮测试',
  assessorB: '庞统测试',
  cityOfficer: '曹孟德测试',
  objectorName: '黄月英测试',
  objectorPhone: '13912340000',
};

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
let db: IsolatedDatabase;
let worker: Worker;
let client: Client;
let population: KnownPopulation;
let year: number;
const key = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
const taskQueue = 'personal-data';

beforeAll(async () => {
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  population = await loadKnownPopulation(db.pool, { year, growth: 40, survival: 1 });
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle,
    mail: { outboxDir: mkdtempSync(path.join(tmpdir(), 'personal-outbox-')) }, payloadCodecKey: key,
  });
  client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: encryptingDataConverter(key) });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
});

/** Every payload object ({metadata, data}) in a history's JSON. */
function payloadsIn(node: unknown, found: Array<{ metadata: Record<string, string>; data?: string }> = []) {
  if (Array.isArray(node)) for (const n of node) payloadsIn(n, found);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.metadata && typeof o.metadata === 'object' && 'encoding' in (o.metadata as object)) found.push(o as never);
    else for (const v of Object.values(o)) payloadsIn(v, found);
  }
  return found;
}

/** Every run of every workflow reachable from the roots: children started, workflows signalled, earlier runs. */
async function allHistories(roots: string[]): Promise<Array<{ id: string; json: string }>> {
  const seen = new Set<string>();
  const queue = [...roots];
  const out: Array<{ id: string; json: string }> = [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    let runId: string | undefined;
    do {
      const history = await client.workflow.getHandle(id, runId).fetchHistory();
      const json = historyToJSON(history);
      out.push({ id: `${id}/${runId ?? 'latest'}`, json });
      const events = JSON.parse(json).events as Array<Record<string, Record<string, unknown>>>;
      runId = (events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId as string | undefined) || undefined;
      for (const e of events) {
        const child = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId as string | undefined;
        const signalled = (e.signalExternalWorkflowExecutionInitiatedEventAttributes?.workflowExecution as { workflowId?: string } | undefined)?.workflowId;
        for (const next of [child, signalled]) if (next && !seen.has(next) && !next.startsWith('no-')) queue.push(next);
      }
    } while (runId);
  }
  return out;
}

describe('personal data in Temporal histories', () => {
  it('a whole year leaves no operator, staff, objector name, ID number, phone or special group in any history', async () => {
    const calendar = defaultCalendar(year);
    const cycleId = `cycle-${year}`;
    const [first, second] = population.growth;
    const dishonest = population.courtDishonest;
    await db.pool.query('UPDATE business SET operator_name = $1, special_groups = $2 WHERE uscc = ANY($3)', [PERSONAL.operatorName, [PERSONAL.specialGroup], [first!.uscc, second!.uscc]]);
    await db.pool.query('UPDATE business SET operator_name = $1 WHERE uscc = $2', [PERSONAL.dishonestOperator, dishonest.uscc]);
    const person = async (role: string, name: string, county: string | null): Promise<Actor> => {
      const p = await db.prisma.principal.create({ data: { name, role, county } });
      return { id: p.id, role, county }; // as the API sends it: no name
    };
    const county = first!.county;
    const staff = { admin: await person('COUNTY_AMR', PERSONAL.countyAdmin, county), a: await person('GRASSROOTS_STAFF', PERSONAL.assessorA, county), b: await person('GRASSROOTS_STAFF', PERSONAL.assessorB, county) };
    const otherCounty = second!.county;
    const other = { admin: await person('COUNTY_AMR', PERSONAL.countyAdmin, otherCounty), a: await person('GRASSROOTS_STAFF', PERSONAL.assessorA, otherCounty), b: await person('GRASSROOTS_STAFF', PERSONAL.assessorB, otherCounty) };
    const staffOf = (c: string) => (c === county ? staff : other);
    const cityOfficer = await person('CITY_AMR', PERSONAL.cityOfficer, null);
    const sleepUntil = async (instant: number) => env.sleep(Math.max(1, instant - (await env.currentTimeMs())));

    await worker.runUntil(async () => {
      const cycle = await client.workflow.start(annualCycleWorkflow, { workflowId: cycleId, taskQueue, args: [{ year, calendar }] });
      await sleepUntil(Date.parse(`${year}-08-10T02:00:00Z`));
      await until('the recheck window', async () => (await cycle.query(cycleStateQuery)).phase === 'RECHECK_WINDOW');

      const input = (h: { uscc: string; county: string }, minute: number, extra: Partial<ApplicationInput> = {}): ApplicationInput => ({
        applicationId: crypto.randomUUID(), year, uscc: h.uscc, county: h.county, category: 'MING', channel: 'SELF', submittedBy: { id: crypto.randomUUID(), role: 'HOUSEHOLD' },
        submittedAt: new Date(Date.parse(`${year}-08-10T02:00:00Z`) + minute * 60_000).toISOString(), specialGroups: [], inRelaxedGroup: true, // as the API sends it
        declared: { fields: { 联系人身份证号: PERSONAL.idNumber, 联系电话: PERSONAL.householdPhone }, evidence: [] },
        calendar, config: DEFAULT_CATEGORY_CONFIG, holidays: NO_HOLIDAYS, cycleWorkflowId: cycleId, ...extra,
      });
      const start = (i: ApplicationInput) => client.workflow.start(categoryApplicationWorkflow, { workflowId: `application-${year}-${i.uscc}`, taskQueue, args: [i] });
      const inputs = [input(first!, 0), input(second!, 1)];
      const apps: WorkflowHandle[] = [];
      for (const i of inputs) apps.push(await start(i));
      const refused = await start(input(dishonest, 2, {
        channel: 'RECOMMENDED', inRelaxedGroup: false,
        recommendation: { recommendationId: crypto.randomUUID(), department: '商务局', category: 'MING', reason: '老字号', receivedAt: new Date(await env.currentTimeMs()).toISOString() },
      }));
      const statusIs = (h: WorkflowHandle, status: string) => until(status, async () => (await h.query(applicationViewQuery)).status === status);
      await statusIs(refused, 'REJECTED_GATE');
      for (const h of apps) await statusIs(h, 'GATE_PASSED');

      await sleepUntil(Date.parse(calendar.declarationClosesAt) + 3_600_000);
      const task = (i: number, suffix: string) => `task-app-${inputs[i]!.applicationId}-${suffix}`;
      const sheet = { sections: { A: 20, B: 20, C: 30, D: 10, E: 5 }, veto: false, noConflictDeclared: true, notes: '' };
      for (const [i, h] of apps.entries()) {
        const s = staffOf(inputs[i]!.county);
        await until('the review task', () => db.prisma.task.findUnique({ where: { id: task(i, 'review-1') } }));
        await h.executeUpdate(completeTaskUpdate, { args: [task(i, 'review-1'), s.admin, { approve: true, reason: '材料属实', assessedCriteria: ['M3'] }] });
        await until('the visit tasks', async () => (await db.prisma.task.count({ where: { id: { in: [task(i, 'visit-1-1'), task(i, 'visit-1-2')] } } })) === 2);
        await h.executeUpdate(completeTaskUpdate, { args: [task(i, 'visit-1-1'), s.a, sheet] });
        await h.executeUpdate(completeTaskUpdate, { args: [task(i, 'visit-1-2'), s.b, sheet] });
      }
      for (const h of apps) await statusIs(h, 'SCORED');

      // Ranking (base 40 at 5%: both selected), then a real-name objection against the first.
      await sleepUntil(Date.parse(calendar.rankingAt) + 3_600_000);
      for (const h of apps) await statusIs(h, 'IN_PUBLICITY');
      const objectionId = crypto.randomUUID();
      await db.prisma.objection.create({ data: { id: objectionId, year, uscc: first!.uscc, objectorName: PERSONAL.objectorName, objectorPhone: PERSONAL.objectorPhone, facts: '该店曾销售过期食品', evidence: [], status: 'RECEIVED' } });
      await apps[0]!.signal(objectionSignal, { objectionId, receivedAt: new Date(await env.currentTimeMs()).toISOString() });
      await until('the acceptance task', () => db.prisma.task.findUnique({ where: { id: task(0, 'objections-1-accept') } }));
      await apps[0]!.executeUpdate(completeTaskUpdate, { args: [task(0, 'objections-1-accept'), staff.admin, { decisions: [{ objectionId, accept: true, reason: '实名且有事实依据' }] }] });
      await until('the verification task', () => db.prisma.task.findUnique({ where: { id: task(0, 'objections-1-verify') } }));
      await apps[0]!.executeUpdate(completeTaskUpdate, { args: [task(0, 'objections-1-verify'), staff.admin, { verdicts: [{ objectionId, upheld: false, findings: '现场核查', reason: '经核查不属实' }] }] });

      await sleepUntil(Date.parse(calendar.reviewEndsAt) + 3_600_000);
      await until('the confirmation task', () => db.prisma.task.findUnique({ where: { id: confirmationTaskId(cycleId) } }));
      await cycle.executeUpdate(completeTaskUpdate, { args: [confirmationTaskId(cycleId), cityOfficer, { approve: true, note: '同意' }] });
      await sleepUntil(Date.parse(calendar.closesAt) + 86_400_000);
      const final = await cycle.result();
      expect(final.selection.confirmed.sort()).toEqual([first!.uscc, second!.uscc].sort());
      for (const h of apps) expect((await h.query(applicationViewQuery)).status).toBe('DESIGNATED');
    });

    const histories = await allHistories([cycleId, ...[first!, second!, dishonest].map((h) => `application-${year}-${h.uscc}`)]);
    expect(histories.map((h) => h.id.split('/')[0]!.replace(/-\d{4}.*$/, '')).sort()).toEqual(expect.arrayContaining(['application', 'cycle', 'designation', 'typing']));
    const codec = new AesGcmPayloadCodec([key]);
    const decrypted: string[] = [];
    for (const h of histories) {
      // Raw: the JSON as the server returns it, and every payload's bytes as stored.
      const raw = [h.json, ...payloadsIn(JSON.parse(h.json)).map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8'))].join('\n');
      for (const [what, value] of Object.entries(PERSONAL)) expect(raw.includes(value), `${what} in ${h.id}`).toBe(false);
      const payloads = payloadsIn(JSON.parse(h.json)).map((p) => ({ metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])), data: Buffer.from(p.data ?? '', 'base64') }));
      for (const p of await codec.decode(payloads)) decrypted.push(Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
    }
    // Decrypted with the key: names and phones of people are not there at all (messages carry ids); what
    // the workflows are given about the business (its special group, the declaration) travels encrypted.
    const plain = decrypted.join('\n');
    for (const what of ['operatorName', 'dishonestOperator', 'specialGroup', 'countyAdmin', 'assessorA', 'assessorB', 'cityOfficer', 'objectorName', 'objectorPhone'] as const) {
      expect(plain.includes(PERSONAL[what]), `${what} in a decrypted payload`).toBe(false);
    }
    expect(plain).toContain(PERSONAL.idNumber);
    expect(plain).toContain(PERSONAL.householdPhone);
  }, 600_000);
});
