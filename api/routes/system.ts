// Liveness, readiness and "who am I".
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { ROLES } from '../../domain/roles';
import type { PrismaClient } from '../../prisma/client';
import { principalOf } from '../auth';
import { healthz, me, readyz } from '../contracts/system';
import { pingDatabase } from '../../data/health';

const CHECK_TIMEOUT_MS = 3_000;

/** A check's outcome in fixed words: host names, ports and driver errors are not for the public. */
async function probe(run: () => Promise<unknown>, unreachable: string): Promise<{ ok: boolean; message?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
  });
  try {
    const outcome = await Promise.race([run(), timeout]);
    return outcome === 'timeout' ? { ok: false, message: `${CHECK_TIMEOUT_MS / 1000} 秒内未响应` } : { ok: true };
  } catch {
    return { ok: false, message: unreachable };
  } finally {
    clearTimeout(timer);
  }
}

export function publicSystemRouter({ prisma, temporal }: { prisma: PrismaClient; temporal: Client }): Router {
  const router = Router();
  router.get(healthz.path, (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get(readyz.path, async (_req, res) => {
    const [database, temporalCheck] = await Promise.all([
      probe(() => pingDatabase(prisma), '数据库不可达'),
      // The deadline ends the SDK's own retries with the probe, so none outlives the answer.
      probe(() => temporal.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => temporal.workflowService.getSystemInfo({})), '流程引擎不可达'),
    ]);
    const ready = database.ok && temporalCheck.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: { database, temporal: temporalCheck } });
  });
  return router;
}

export function meRouter(): Router {
  const router = Router();
  router.get(me.path, (_req, res) => {
    const p = principalOf(res);
    res.json({ id: p.id, name: p.name, role: p.role, roleLabel: ROLES[p.role], department: p.department, county: p.county, uscc: p.uscc });
  });
  return router;
}
