// Liveness, readiness and "who am I".
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { ROLES } from '../../domain/roles';
import type { PrismaClient } from '../../prisma/client';
import { principalOf } from '../auth';
import { healthz, me, readyz } from '../contracts/system';

const CHECK_TIMEOUT_MS = 3_000;

async function probe(run: () => Promise<unknown>): Promise<{ ok: boolean; message?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('超时')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([run(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, message: (error as Error).message.split('\n')[0] };
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
      probe(() => prisma.$queryRaw`SELECT 1`),
      probe(() => temporal.workflowService.getSystemInfo({})),
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
