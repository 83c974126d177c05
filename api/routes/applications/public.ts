// The public (no token): the notice list, real-name objections (rate-limited, recorded first and then
// delivered to the application's workflow), and an objection's status by its id.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { applicationsInNotice, findApplication } from '../../../data/applications';
import { tradeNames } from '../../../data/businesses';
import { findObjection, ObjectionRefused, recordObjection } from '../../../data/objections';
import { CATEGORIES, type ApplicationStatus, type CategoryCode } from '../../../domain/category/categories';
import { COUNTIES } from '../../../domain/roles';
import { shanghaiDate } from '../../../domain/shanghaiTime';
import { DEFAULT_ABUSE_LIMITS } from '../../abuseLimits';
import { parseRequest } from '../../contract';
import { fileObjection, objectionStatus, publicNotice } from '../../contracts/applications';
import { ApiError, notFound } from '../../errors';
import { deliverObjection } from '../../objectionDelivery';
import { objectionRateLimits } from '../../rateLimits';
import { IN_NOTICE, maskPhone, OBJECTION_STATUS_LABELS, type ApplicationRouterDeps } from './shared';

export function publicApplicationRouter({ prisma, temporal, limits = DEFAULT_ABUSE_LIMITS }: ApplicationRouterDeps): Router {
  const router = Router();

  router.get(publicNotice.path, async (req, res) => {
    const { query } = parseRequest(publicNotice, req);
    const rows = await applicationsInNotice(prisma, query.year, IN_NOTICE);
    const names = new Map((await tradeNames(prisma, rows.map((r) => r.uscc))).map((b) => [b.uscc, b.tradeName]));
    res.json({
      items: rows.map((a) => ({
        uscc: a.uscc, tradeName: names.get(a.uscc) ?? null, county: a.county, countyName: COUNTIES[a.county as keyof typeof COUNTIES] ?? a.county,
        category: a.category, categoryLabel: CATEGORIES[a.category as CategoryCode], noticeEndsAt: a.noticeEndsAt!.toISOString(),
      })),
    });
  });

  // Limits first: every attempt counts, so probing the list of applications costs the same as filing.
  router.post(fileObjection.path, ...objectionRateLimits(limits), async (req, res) => {
    const { body } = parseRequest(fileObjection, req);
    const application = await findApplication(prisma, body.year, body.uscc);
    // Only what the public notice shows decides the answer: an unknown household, one without an
    // application and one whose application never reached (or left) the notice answer alike. A notice
    // that has ended was public, so a late objection may say so.
    const noticeEndsAt = application?.noticeEndsAt?.getTime() ?? null;
    if (noticeEndsAt !== null && noticeEndsAt <= Date.now()) {
      throw new ApiError(422, 'OUTSIDE_NOTICE_PERIOD', '该户的公示期已结束：逾期提出的异议不予受理');
    }
    if (!application || noticeEndsAt === null || !IN_NOTICE.includes(application.status as ApplicationStatus)) {
      throw notFound('NOT_IN_NOTICE', '公示名单中没有该户：只能对正在公示的名单提出异议');
    }
    const objectionId = randomUUID();
    const receivedAt = new Date();
    const phone = body.objector.phone.replace(/-/g, ''); // 0722-1234567 and 07221234567 are one phone
    const dayStartsAt = Date.parse(`${shanghaiDate(receivedAt)}T00:00:00+08:00`);
    try {
      // One transaction under a lock per application (data/objections.ts): the per-phone and per-day checks cannot be raced past.
      await recordObjection(prisma, {
        id: objectionId, year: body.year, uscc: body.uscc, objectorName: body.objector.name, objectorPhone: phone, organisation: body.objector.organisation ?? null,
        facts: body.facts, evidence: body.evidence, receivedAt, requestId: res.locals.requestId as string,
      }, limits.objectionsPerApplicationPerDay, dayStartsAt);
    } catch (error) {
      if (!(error instanceof ObjectionRefused)) throw error;
      if (error.reason === 'DUPLICATE') throw new ApiError(409, 'DUPLICATE_OBJECTION', '该联系电话已对该户提出过异议，请凭异议编号查询处理结果；补充材料请联系受理单位');
      res.setHeader('Retry-After', String(Math.ceil((dayStartsAt + 86_400_000 - receivedAt.getTime()) / 1000)));
      throw new ApiError(429, 'OBJECTION_DAILY_LIMIT', `该户今日收到的异议已达上限（每日 ${limits.objectionsPerApplicationPerDay} 件），请明日再提交`);
    }
    // Recorded is received: if Temporal cannot take the Signal now (or the mark cannot be written), the
    // reconciler delivers it later; the objector is not told to retry what is already recorded.
    await deliverObjection({ prisma, temporal }, { id: objectionId, year: body.year, uscc: body.uscc, receivedAt }).catch(() => 'PENDING');
    res.status(201).json({ objectionId, status: 'RECEIVED', objector: { name: body.objector.name, phone: maskPhone(body.objector.phone.replace(/-/g, '')) } });
  });

  router.get(objectionStatus.path, async (req, res) => {
    const { params } = parseRequest(objectionStatus, req);
    const objection = await findObjection(prisma, params.id);
    if (!objection) throw notFound('OBJECTION_NOT_FOUND', '没有该编号的异议');
    const status = objection.status as keyof typeof OBJECTION_STATUS_LABELS;
    res.json({
      objectionId: objection.id, year: objection.year, uscc: objection.uscc, status, statusLabel: OBJECTION_STATUS_LABELS[status],
      reason: (objection.decision as { reason?: string } | null)?.reason ?? null, decidedAt: objection.decidedAt?.toISOString() ?? null,
    });
  });

  return router;
}
