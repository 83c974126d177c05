// Rechecks (分型复核): submitted by the household or county staff during the recheck window, verified
// by the county's staff. The verification endpoint completes the recheck's task exactly as
// `POST /tasks/{id}/complete` does (taskActions.complete: the generic completeTask Update and its validator).
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { addWorkingDays, NO_HOLIDAYS, type HolidayCalendar } from '../../domain/workingDays';
import type { PrismaClient } from '../../prisma/client';
import { recheckViewQuery, recheckWorkflowId, type RecheckWorkflow } from '../../messages/recheckMessages';
import { recheckTaskId, TASK_QUEUE } from '../../messages/ids';
import { principalOf, reachableBusiness, requireRole, type Principal } from '../auth';
import { taskActions } from './taskActions';
import { parseRequest } from '../contract';
import { redactionFor } from '../redaction';
import { getRecheck, submitRecheck, verifyRecheck } from '../contracts/rechecks';
import { ApiError, notFound } from '../errors';
import { workflowGateway } from '../workflowCalls';
import { findCycle } from '../../data/cycles';
import { findRecheckOf } from '../../data/rechecks';

export function recheckRouter({ prisma, pool, taskEventPool = pool, temporal, taskQueue = TASK_QUEUE }: { prisma: PrismaClient; pool: pg.Pool; taskEventPool?: pg.Pool; temporal: Client; taskQueue?: string }): Router {
  const router = Router();
  const workflows = workflowGateway(temporal);
  const tasks = taskActions({ prisma, eventPool: taskEventPool, temporal });

  const reachable = (p: Principal, uscc: string) => reachableBusiness(prisma, p, uscc, '经营者只能对本户提出复核');

  router.post(submitRecheck.path, requireRole(...submitRecheck.roles), async (req, res) => {
    const { body } = parseRequest(submitRecheck, req);
    const principal = principalOf(res);
    const business = await reachable(principal, body.uscc);
    const cycle = await findCycle(prisma, body.year);
    if (!cycle || cycle.phase !== 'RECHECK_WINDOW') {
      throw new ApiError(422, 'RECHECK_WINDOW_CLOSED', `${body.year} 年度当前不在分型复核期内（复核期为三季度，至 9 月 30 日重新分型前）`);
    }
    // Verification within 15 working days (docs/policy.md#p-recheck; a placeholder) on the cycle's official holiday
    // schedule (a year without one refuses: HOLIDAY_SCHEDULE_MISSING), and always before the re-run.
    const expiresAt = (cycle.calendar as { rerunAt: string }).rerunAt;
    const holidays = (cycle.holidays as HolidayCalendar | null) ?? NO_HOLIDAYS;
    const dueAt = new Date(Math.min(addWorkingDays(new Date(), 15, holidays).getTime(), Date.parse(expiresAt))).toISOString();
    const input = { recheckId: randomUUID(), year: body.year, uscc: body.uscc, county: business.county, disputed: body.disputed, submittedBy: { id: principal.id, role: principal.role }, dueAt, expiresAt };
    const started = await workflows.start<RecheckWorkflow>('recheckWorkflow', {
      workflowId: recheckWorkflowId(body.year, body.uscc),
      taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE, // one recheck per business per year
      staticSummary: `分型复核 ${body.year}`,
    });
    if (!started) throw new ApiError(409, 'RECHECK_EXISTS', '本年度已提交过该户的复核，请查询进度');
    res.status(201).json(redactionFor(principal).recheck({ recheckId: input.recheckId, year: body.year, uscc: body.uscc, status: 'AWAITING_VERIFICATION', disputed: body.disputed, decisions: null, dueAt, assigneeId: null }));
  });

  router.get(getRecheck.path, requireRole(...getRecheck.roles), async (req, res) => {
    const { params } = parseRequest(getRecheck, req);
    await reachable(principalOf(res), params.uscc);
    const view = await workflows.query(recheckWorkflowId(params.year, params.uscc), recheckViewQuery, [], notFound('RECHECK_NOT_FOUND', '没有该户本年度的复核'));
    res.json(redactionFor(principalOf(res)).recheck(view));
  });

  router.post(verifyRecheck.path, requireRole(...verifyRecheck.roles), async (req, res) => {
    const { params, body } = parseRequest(verifyRecheck, req);
    const principal = principalOf(res);
    await reachable(principal, params.uscc);
    const recheck = await findRecheckOf(prisma, params.year, params.uscc);
    if (!recheck) throw notFound('RECHECK_NOT_FOUND', '没有该户本年度的复核');
    try {
      await tasks.complete(principal, recheckTaskId(recheck.id), body, req.header('idempotency-key') ?? undefined);
    } catch (error) {
      // This endpoint's word for a task no longer open: the recheck was verified or expired.
      if (error instanceof ApiError && error.code === 'TASK_NOT_OPEN') throw new ApiError(409, 'RECHECK_CLOSED', '该复核已办结，不能再次核实');
      throw error;
    }
    // The Update answered once the decision was recorded: the recheck's view shows it.
    const view = await workflows.query(recheckWorkflowId(params.year, params.uscc), recheckViewQuery, [], notFound('RECHECK_NOT_FOUND', '没有该户本年度的复核'));
    res.json(redactionFor(principal).recheck(view));
  });

  return router;
}
