// A 名特优新 designation during its validity (docs/policy.md#p-designation-revocation): its state from the workflow,
// the household's statement of defence and the city's finding of fraud (Updates of designation-{year}-{uscc}).
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { DESIGNATION_STATUSES } from '../../domain/category/designation';
import type { PrismaClient } from '../../prisma/client';
import { designationViewQuery, reportFraudUpdate, submitDefenceUpdate, type DesignationView } from '../../messages/designationMessages';
import { designationWorkflowId } from '../../messages/ids';
import { principalOf, reachableBusiness, requireRole, type Principal } from '../auth';
import { parseRequest } from '../contract';
import { getDesignation, reportFraud, submitDefence } from '../contracts/designations';
import { ApiError, notFound } from '../errors';
import { workflowGateway } from '../workflowCalls';
import { actorOf } from './tasks';
import { findCategoryLabel } from '../../data/categoryLabels';

interface Deps {
  prisma: PrismaClient;
  temporal: Client;
}

export function designationRouter({ prisma, temporal }: Deps): Router {
  const router = Router();
  const workflows = workflowGateway(temporal);
  const reachable = (p: Principal, uscc: string) => reachableBusiness(prisma, p, uscc, '经营者只能查看和办理本户的认定');
  const shown = (year: number, uscc: string, v: DesignationView) => ({ year, uscc, ...v, statusLabel: DESIGNATION_STATUSES[v.status], revocations: v.revocations ?? [] });
  /** A workflow that has ended: the label says how (expired or revoked), or there never was one. */
  const closed = (year: number, uscc: string) => async () =>
    (await findCategoryLabel(prisma, uscc, year))
      ? new ApiError(409, 'DESIGNATION_NOT_IN_FORCE', '该认定已撤销或已到期')
      : notFound('DESIGNATION_NOT_FOUND', '该户没有该年度的名特优新认定');

  router.get(getDesignation.path, requireRole(...getDesignation.roles), async (req, res) => {
    const { params } = parseRequest(getDesignation, req);
    await reachable(principalOf(res), params.uscc);
    const view = await workflows.query(designationWorkflowId(params.uscc, params.year), designationViewQuery, [], notFound('DESIGNATION_NOT_FOUND', '该户没有该年度的名特优新认定'));
    res.json(shown(params.year, params.uscc, view));
  });

  router.post(submitDefence.path, requireRole(...submitDefence.roles), async (req, res) => {
    const { params, body } = parseRequest(submitDefence, req);
    const p = principalOf(res);
    await reachable(p, params.uscc);
    const view = await workflows.update(designationWorkflowId(params.uscc, params.year), submitDefenceUpdate, [actorOf(p), body.statement], closed(params.year, params.uscc));
    res.json(shown(params.year, params.uscc, view));
  });

  router.post(reportFraud.path, requireRole(...reportFraud.roles), async (req, res) => {
    const { params, body } = parseRequest(reportFraud, req);
    const p = principalOf(res);
    await reachable(p, params.uscc);
    const view = await workflows.update(designationWorkflowId(params.uscc, params.year), reportFraudUpdate, [actorOf(p), body.findings], closed(params.year, params.uscc));
    res.json(shown(params.year, params.uscc, view));
  });

  return router;
}
