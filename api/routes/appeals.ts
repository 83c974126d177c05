// Appeals against a refusal (docs/policy.md#p-appeal): the household's appeal is an Update of its application's
// workflow, which refuses a late, repeated or pointless one; the city decides it as a task (APPEAL_REVIEW).
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../domain/category/categories';
import { findApplication } from '../../data/applications';
import type { PrismaClient } from '../../prisma/client';
import { appealUpdate } from '../../messages/applicationMessages';
import { applicationWorkflowId } from '../../messages/ids';
import { principalOf, reachableBusiness, requireRole } from '../auth';
import { parseRequest } from '../contract';
import { fileAppeal } from '../contracts/appeals';
import { ApiError, notFound } from '../errors';
import { workflowGateway } from '../workflowCalls';
import { actorOf } from './tasks';

export function appealRouter({ prisma, temporal }: { prisma: PrismaClient; temporal: Client }): Router {
  const router = Router();

  router.post(fileAppeal.path, requireRole(...fileAppeal.roles), async (req, res) => {
    const { params, body } = parseRequest(fileAppeal, req);
    const p = principalOf(res);
    await reachableBusiness(prisma, p, params.uscc, '经营者只能就本户的申请申诉');
    // The workflow has ended: a refusal whose appeal window closed, or an application with nothing to appeal.
    const closed = async () => {
      const application = await findApplication(prisma, params.year, params.uscc);
      if (!application) return notFound('APPLICATION_NOT_FOUND', '没有该户本年度的名特优新申请');
      return ['REJECTED_GATE', 'REJECTED_REVIEW'].includes(application.status)
        ? new ApiError(409, 'APPEAL_LATE', '申诉期限（收到不予通过通知之日起 10 个工作日）已过，不再受理')
        : new ApiError(409, 'NO_REFUSAL', `申请当前为「${APPLICATION_STATUSES[application.status as ApplicationStatus] ?? application.status}」，没有可申诉的不予通过决定`);
    };
    const view = await workflowGateway(temporal).update(applicationWorkflowId(params.year, params.uscc), appealUpdate, [actorOf(p), body.reasons], closed);
    res.json({ ...view, statusLabel: APPLICATION_STATUSES[view.status as ApplicationStatus] });
  });

  return router;
}
