// Rechecks (分型复核): submitted by the household or county staff during the recheck window, verified
// by the county's staff through the recheck workflow's Update; and the staff task list.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { addWorkingDays, NO_HOLIDAYS, type HolidayCalendar } from '../../domain/workingDays';
import type { PrismaClient } from '../../prisma/client';
import {
  recheckViewQuery, recheckWorkflowId, verifyRecheckUpdate, type RecheckView, type RecheckWorkflow,
} from '../../messages/recheckMessages';
import { TASK_QUEUE } from '../../messages/ids';
import { principalOf, reachableBusiness, requireRole, type Principal } from '../auth';
import { parseRequest } from '../contract';
import { redactionFor } from '../redaction';
import { getRecheck, submitRecheck, verifyRecheck } from '../contracts/rechecks';
import { ApiError, notFound } from '../errors';
import { RPC_DEADLINE_MS, runUpdate } from '../workflowCalls';

export function recheckRouter({ prisma, temporal, taskQueue = TASK_QUEUE }: { prisma: PrismaClient; temporal: Client; taskQueue?: string }): Router {
  const router = Router();

  const reachable = (p: Principal, uscc: string) => reachableBusiness(prisma, p, uscc, '经营者只能对本户提出复核');

  router.post(submitRecheck.path, requireRole(...submitRecheck.roles), async (req, res) => {
    const { body } = parseRequest(submitRecheck, req);
    const principal = principalOf(res);
    const business = await reachable(principal, body.uscc);
    const cycle = await prisma.cycle.findUnique({ where: { year: body.year } });
    if (!cycle || cycle.phase !== 'RECHECK_WINDOW') {
      throw new ApiError(422, 'RECHECK_WINDOW_CLOSED', `${body.year} 年度当前不在分型复核期内（复核期为三季度，至 9 月 30 日重新分型前）`);
    }
    // Verification within 15 working days (docs/policy.md#p-recheck; a placeholder) on the cycle's official holiday
    // schedule (a year without one refuses: HOLIDAY_SCHEDULE_MISSING), and always before the re-run.
    const expiresAt = (cycle.calendar as { rerunAt: string }).rerunAt;
    const holidays = (cycle.holidays as HolidayCalendar | null) ?? NO_HOLIDAYS;
    const dueAt = new Date(Math.min(addWorkingDays(new Date(), 15, holidays).getTime(), Date.parse(expiresAt))).toISOString();
    const input = { recheckId: randomUUID(), year: body.year, uscc: body.uscc, county: business.county, disputed: body.disputed, submittedBy: { id: principal.id, role: principal.role }, dueAt, expiresAt };
    try {
      await temporal.withDeadline(Date.now() + RPC_DEADLINE_MS, () =>
        temporal.workflow.start<RecheckWorkflow>('recheckWorkflow', {
          workflowId: recheckWorkflowId(body.year, body.uscc),
          taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE, // one recheck per business per year
          staticSummary: `分型复核 ${body.year}`,
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new ApiError(409, 'RECHECK_EXISTS', '本年度已提交过该户的复核，请查询进度');
      throw error;
    }
    res.status(201).json(redactionFor(principal).recheck({ recheckId: input.recheckId, year: body.year, uscc: body.uscc, status: 'AWAITING_VERIFICATION', disputed: body.disputed, decisions: null, dueAt, assigneeId: null }));
  });

  router.get(getRecheck.path, requireRole(...getRecheck.roles), async (req, res) => {
    const { params } = parseRequest(getRecheck, req);
    await reachable(principalOf(res), params.uscc);
    const handle = temporal.workflow.getHandle(recheckWorkflowId(params.year, params.uscc));
    try {
      res.json(redactionFor(principalOf(res)).recheck(await temporal.withDeadline(Date.now() + RPC_DEADLINE_MS, () => handle.query(recheckViewQuery))));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound('RECHECK_NOT_FOUND', '没有该户本年度的复核');
      throw error;
    }
  });

  /** Runs an Update on a recheck workflow; a finished one was decided (or expired) already. */
  const updateRecheck = <Args extends [unknown, ...unknown[]]>(year: number, uscc: string, update: UpdateDefinition<RecheckView, Args>, args: Args, updateId?: string) =>
    runUpdate(temporal, recheckWorkflowId(year, uscc), update, args, async () =>
      (await prisma.recheck.findFirst({ where: { year, uscc } })) ? new ApiError(409, 'RECHECK_CLOSED', '该复核已办结') : notFound('RECHECK_NOT_FOUND', '没有该户本年度的复核'), updateId);

  const verifierOf = (p: Principal) => ({ id: p.id, role: p.role, county: p.county }); // no name: it stays out of Temporal

  router.post(verifyRecheck.path, requireRole(...verifyRecheck.roles), async (req, res) => {
    const { params, body } = parseRequest(verifyRecheck, req);
    const principal = principalOf(res);
    await reachable(principal, params.uscc);
    res.json(redactionFor(principal).recheck(await updateRecheck(params.year, params.uscc, verifyRecheckUpdate, [verifierOf(principal), body.decisions], req.header('idempotency-key') ?? undefined)));
  });

  return router;
}
