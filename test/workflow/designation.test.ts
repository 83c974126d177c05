// A designation's three years on the time-skipping test server: the city evaluates it in its final
// year and extends it; three years later nobody decides, and it expires at the end of its last day.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { addYears } from '../../domain/category/designation';
import { designationViewQuery, designationWorkflow } from '../../workflows/designation';
import { completeTaskUpdate } from '../../messages/taskMessages';
import { createProgrammeWorker } from '../../worker';
import { isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { until } from '../support/until';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';

let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue: 'designation', workflowBundle: bundle,
    mail: { outboxDir: mkdtempSync(path.join(tmpdir(), 'getihu-outbox-')), from: 'test@example.com' },
  });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
});

describe('designation lifecycle', () => {
  it('is evaluated in its final year, extended by three years, and expires when nobody decides', async () => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear();
    const uscc = '92421303MA4D123453';
    const designatedOn = `${year}-11-20`;
    const validUntil = addYears(designatedOn, 3);
    await db.prisma.categoryLabel.create({ data: { uscc, year, category: 'YOU', channel: 'SELF', designatedOn: new Date(designatedOn), validUntil: new Date(validUntil), batch: `${year}-名特优新`, status: 'ACTIVE' } });
    const city = await db.prisma.principal.create({ data: { name: '市局', role: 'CITY_AMR' } });
    const cityActor = { id: city.id, name: city.name, role: 'CITY_AMR', county: null };

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(designationWorkflow, {
        workflowId: `designation-${year}-${uscc}`, taskQueue: 'designation',
        args: [{ uscc, year, category: 'YOU', designatedOn, validUntil, years: 3, reminderLeadMs: 86_400_000 }],
      });
      // The final year opens one year before the end: the evaluation task is the city's.
      await env.sleep(Date.parse(`${year + 2}-11-21T12:00:00+08:00`) - (await env.currentTimeMs()));
      await until('the evaluation', async () => (await handle.query(designationViewQuery)).status === 'UNDER_EVALUATION');
      const first = `task-designation-${year}-${uscc}-1`;
      // The task's row is written by openTask just after the view says UNDER_EVALUATION: wait for it.
      expect(await until('the evaluation task', () => db.prisma.task.findUnique({ where: { id: first } }))).toMatchObject({ kind: 'DESIGNATION_EVALUATION', role: 'CITY_AMR', county: null, status: 'OPEN' });
      // A malformed evaluation is refused; a reasoned one extends the designation.
      await expect(handle.executeUpdate(completeTaskUpdate, { args: [first, cityActor, { extend: true }] })).rejects.toMatchObject({ cause: { type: 'TASK_INVALID_PAYLOAD' } });
      await handle.executeUpdate(completeTaskUpdate, { args: [first, cityActor, { extend: true, reason: '仍符合优质类条件' }] });
      await until('the extension', async () => (await handle.query(designationViewQuery)).status === 'ACTIVE');
      expect((await handle.query(designationViewQuery)).validUntil).toBe(`${year + 6}-11-20`);
      const label = () => db.prisma.categoryLabel.findUniqueOrThrow({ where: { uscc_year: { uscc, year } } });
      await until('the label extended', async () => { const l = await label(); return l.status === 'ACTIVE' && l.validUntil.getTime() === new Date(`${year + 6}-11-20`).getTime(); });
      expect(await label()).toMatchObject({ status: 'ACTIVE', validUntil: new Date(`${year + 6}-11-20`) });

      // Three years on, nobody evaluates: it expires at the end of Nov 20 and the task is closed.
      const view = await handle.result();
      expect(view).toMatchObject({ status: 'EXPIRED', validUntil: `${year + 6}-11-20`, evaluations: [{ extend: true, reason: '仍符合优质类条件', by: city.id }] });
      expect(new Date(await env.currentTimeMs()).toISOString() >= `${year + 6}-11-20T16:00:00.000Z`).toBe(true);
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: `task-designation-${year}-${uscc}-2` } })).status).toBe('CANCELLED');
      expect((await db.prisma.categoryLabel.findUniqueOrThrow({ where: { uscc_year: { uscc, year } } })).status).toBe('EXPIRED');
      const changes = await db.prisma.auditEntry.findMany({ where: { action: 'DESIGNATION_STATUS_CHANGED' }, orderBy: { id: 'asc' } });
      expect(changes.map((c) => (c.after as { status: string }).status)).toEqual(['UNDER_EVALUATION', 'EXTENDED', 'ACTIVE', 'UNDER_EVALUATION', 'EXPIRED']);
    });
  }, 120_000);
});
