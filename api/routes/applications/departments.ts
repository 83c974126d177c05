// Departments' recommendations (Signals carrying their own id): a recommendation starts the household's
// application, or joins the one running.
import { Router } from 'express';
import { findApplication } from '../../../data/applications';
import { findBusiness } from '../../../data/businesses';
import { findRecommendation, findRecommendationOrThrow, recordRecommendation } from '../../../data/recommendations';
import { FINAL_STATUSES, type ApplicationStatus } from '../../../domain/category/categories';
import { Prisma } from '../../../prisma/client';
import { recommendSignal, type Recommendation } from '../../../messages/applicationMessages';
import { applicationWorkflowId } from '../../../messages/ids';
import { principalOf, requireRole } from '../../auth';
import { parseRequest } from '../../contract';
import { recommend } from '../../contracts/applications';
import { ApiError, notFound } from '../../errors';
import type { ApplicationRouterDeps, ApplicationSteps } from './shared';

export function departmentApplicationRouter({ prisma }: ApplicationRouterDeps, { workflows, openCycle, startApplication }: ApplicationSteps): Router {
  const router = Router();

  router.post(recommend.path, requireRole(...recommend.roles), async (req, res) => {
    const { body } = parseRequest(recommend, req);
    const p = principalOf(res);
    const business = await findBusiness(prisma, body.uscc);
    if (!business) throw notFound('BUSINESS_NOT_FOUND', '该个体工商户不存在');
    const department = p.department ?? p.name;
    /** A repeated id: the same recommendation again is a 200; anything else a 409 that names nothing of the first. */
    const repeated = (seen: { id: string; year: number; uscc: string; category: string; department: string }) => {
      if (seen.department !== department || seen.year !== body.year || seen.uscc !== body.uscc || seen.category !== body.category) {
        throw new ApiError(409, 'RECOMMENDATION_ID_TAKEN', '该推荐编号已被使用，请为新的推荐生成新的编号');
      }
      res.status(200).json({ recommendationId: seen.id, year: seen.year, uscc: seen.uscc, duplicate: true });
    };
    const seen = await findRecommendation(prisma, body.recommendationId);
    if (seen) return repeated(seen);
    await openCycle(body.year);
    const recommendation: Recommendation = { recommendationId: body.recommendationId, department, category: body.category, reason: body.reason, receivedAt: new Date().toISOString() };
    // Temporal first (a repeated recommendation id is ignored by the workflow), then the record: a
    // client retrying after a failure neither loses nor doubles the recommendation.
    const existing = await findApplication(prisma, body.year, body.uscc);
    const signal = () => workflows.signal(applicationWorkflowId(body.year, body.uscc), recommendSignal, [recommendation], notFound('APPLICATION_NOT_FOUND', '没有该户本年度的名特优新申请'));
    if (existing && !FINAL_STATUSES.includes(existing.status as ApplicationStatus)) {
      await signal();
    } else {
      const { started } = await startApplication({ year: body.year, uscc: body.uscc, category: body.category, channel: 'RECOMMENDED', principal: p, declared: { fields: {}, evidence: [] }, recommendation });
      if (!started) await signal(); // started a moment ago by the household: the recommendation joins it
    }
    try {
      await recordRecommendation(
        prisma,
        { id: body.recommendationId, year: body.year, uscc: body.uscc, category: body.category, department: recommendation.department, principalId: p.id, reason: body.reason, consent: body.consent },
        { id: p.id, role: p.role },
      );
    } catch (error) {
      // The same id recorded a moment ago by a concurrent request (the workflow took the Signal once).
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      return repeated(await findRecommendationOrThrow(prisma, body.recommendationId));
    }
    res.status(201).json({ recommendationId: body.recommendationId, year: body.year, uscc: body.uscc, duplicate: false });
  });

  return router;
}
