// 名特优新 applications through the API: the household's prefilled form and declaration, department
// recommendations (Signals carrying their own id), withdrawal (an Update), the public notice list and
// real-name objections (no token), and the cycle's summary. Applications are workflows
// `application-{year}-{uscc}`; the `application` table is their read model.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { readApplicationFacts } from '../../data/applicationFacts';
import { auditEntry } from '../../data/audit';
import { APPLICATION_STATUSES, CATEGORIES, CATEGORY_CODES, FINAL_STATUSES, REOPENABLE_STATUSES, type ApplicationStatus, type CategoryCode } from '../../domain/category/categories';
import { DECLARABLE_FIELDS, declaredFieldsSchema, refusedFields, SHARED_FIELDS, type SharedField } from '../../domain/category/applicationForm';
import { DEFAULT_CATEGORY_CONFIG, type CategoryConfig } from '../../domain/category/categoryConfig';
import { evaluateCriteria } from '../../domain/category/criteria';
import { evaluateGate } from '../../domain/category/gate';
import type { ProgrammeCalendar } from '../../domain/programmeCalendar';
import { COUNTIES, COUNTY_SCOPED } from '../../domain/roles';
import { shanghaiDate } from '../../domain/shanghaiTime';
import { addWorkingDays, NO_HOLIDAYS, type HolidayCalendar } from '../../domain/workingDays';
import type pg from 'pg';
import { Prisma, type PrismaClient } from '../../prisma/client';
import { applicationViewQuery, receivedView, recommendSignal, withdrawUpdate, type ApplicationInput, type ApplicationView, type Recommendation } from '../../messages/applicationMessages';
import { applicationWorkflowId, TASK_QUEUE } from '../../messages/ids';
import { ApplicationStatus as StatusAttribute, Category, County, CycleYear } from '../../messages/searchAttributes';
import { principalOf, reachableBusiness, requireRole, type Principal } from '../auth';
import { parseRequest } from '../contract';
import { redactionFor } from '../redaction';
import { categorySummary, declare, fileObjection, objectionStatus, getApplication, getApplicationForm, listApplications, publicNotice, recommend, withdraw } from '../contracts/applications';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../abuseLimits';
import { ApiError, forbidden, notFound } from '../errors';
import { deliverObjection } from '../objectionDelivery';
import { objectionRateLimits } from '../rateLimits';
import { RPC_DEADLINE_MS, runUpdate } from '../workflowCalls';
import { actorOf } from './tasks';

const IN_NOTICE: ApplicationStatus[] = ['IN_PUBLICITY', 'OBJECTION_RAISED'];
const OBJECTION_STATUS_LABELS = { RECEIVED: '已收到，处理中', NOT_ACCEPTED: '不予受理', UPHELD: '异议成立', DISMISSED: '异议不成立' } as const;
const maskPhone = (phone: string) => phone.replace(/^(\d{3})\d*(\d{4})$/, '$1****$2');
/** The cycle's 名特优新 settings (a cycle started before they were recorded follows the defaults). */
const configOf = (cycle: { categoryConfig: unknown } | null): CategoryConfig => (cycle?.categoryConfig as CategoryConfig | null) ?? DEFAULT_CATEGORY_CONFIG;
/** The cycle's official holiday schedule (its input, in the read model); none on cycles started before it. */
const holidaysOf = (cycle: { holidays: unknown } | null): HolidayCalendar => (cycle?.holidays as HolidayCalendar | null) ?? NO_HOLIDAYS;
const longestSla = (config: CategoryConfig) =>
  Math.max(config.reviewWorkingDays, config.visitWorkingDays, config.noticeWorkingDays, config.objectionAcceptanceWorkingDays, config.objectionVerificationWorkingDays, config.confirmationWorkingDays);
const withLabel = (view: ApplicationView) => ({ ...view, statusLabel: APPLICATION_STATUSES[view.status] });

interface Deps {
  prisma: PrismaClient;
  pool: pg.Pool;
  temporal: Client;
  taskQueue?: string;
  limits?: AbuseLimits;
}

export function applicationRouter({ prisma, pool, temporal, taskQueue = TASK_QUEUE, limits = DEFAULT_ABUSE_LIMITS }: Deps): { publicRouter: Router; router: Router } {
  const router = Router();
  const publicRouter = Router();
  const deadline = <T>(call: () => Promise<T>) => temporal.withDeadline(Date.now() + RPC_DEADLINE_MS, call);

  /** The evidence files the application cites (from its read model), for the case view's previews. */
  async function evidenceOf(year: number, uscc: string) {
    const row = await prisma.application.findUnique({ where: { year_uscc: { year, uscc } }, select: { declared: true } });
    const cited = ((row?.declared as { evidence?: unknown[] } | null)?.evidence ?? []) as Array<{ evidenceId: string; field: string; title: string; fileName?: string; sizeBytes?: number }>;
    return cited.map((e) => ({ evidenceId: e.evidenceId, field: e.field, title: e.title, fileName: e.fileName ?? e.title, sizeBytes: e.sizeBytes ?? null }));
  }

  const reachable = (p: Principal, uscc: string) => reachableBusiness(prisma, p, uscc, '经营者只能查看和办理本户的申请');

  /** The cycle of `year` while declarations are open: after the annual labels, before declarations close. */
  async function openCycle(year: number) {
    const cycle = await prisma.cycle.findUnique({ where: { year } });
    const calendar = cycle?.calendar as ProgrammeCalendar | undefined;
    if (!cycle || !calendar || !['RECHECK_WINDOW', 'RERUN'].includes(cycle.phase) || Date.now() >= Date.parse(calendar.declarationClosesAt)) {
      throw new ApiError(422, 'DECLARATION_WINDOW_CLOSED', `${year} 年度当前不在名特优新申报推荐期内（分型结果公布后至 9 月 30 日）`);
    }
    return { cycle, calendar };
  }

  async function startApplication(args: {
    year: number; uscc: string; category: CategoryCode; channel: 'SELF' | 'RECOMMENDED'; principal: Principal;
    declared: ApplicationInput['declared']; recommendation?: Recommendation;
  }): Promise<ApplicationInput> {
    const { cycle, calendar } = await openCycle(args.year);
    const holidays = holidaysOf(cycle);
    // Refuse here, with a clear answer, rather than let the workflow stall on a deadline it cannot count.
    addWorkingDays(new Date(), longestSla(configOf(cycle)), holidays);
    const business = await prisma.business.findUniqueOrThrow({ where: { uscc: args.uscc } });
    const existing = await prisma.application.findUnique({ where: { year_uscc: { year: args.year, uscc: args.uscc } } });
    if (existing && !REOPENABLE_STATUSES.includes(existing.status as ApplicationStatus)) {
      throw new ApiError(409, 'APPLICATION_EXISTS', `该户 ${args.year} 年度已有名特优新申请（${APPLICATION_STATUSES[existing.status as ApplicationStatus]}），每户每年只能申报一个类别`);
    }
    const config = configOf(cycle);
    const input: ApplicationInput = {
      applicationId: randomUUID(), year: args.year, uscc: args.uscc, county: business.county, category: args.category, channel: args.channel,
      // Which groups the business belongs to stays in the database: the workflow learns only whether the gate relaxes for it.
      submittedBy: { id: args.principal.id, role: args.principal.role }, submittedAt: new Date().toISOString(), specialGroups: [],
      inRelaxedGroup: business.specialGroups.some((g) => config.gate.relaxedGroups.includes(g)),
      declared: args.declared, ...(args.recommendation ? { recommendation: args.recommendation } : {}),
      calendar, config: configOf(cycle), holidays, cycleWorkflowId: cycle.workflowId,
    };
    await deadline(() =>
      temporal.workflow.start<(i: ApplicationInput) => Promise<ApplicationView>>('categoryApplicationWorkflow', {
        workflowId: applicationWorkflowId(args.year, args.uscc),
        taskQueue,
        args: [input],
        // One running application per household and year; a new one only after a refused gate or a withdrawal.
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        typedSearchAttributes: [
          { key: CycleYear, value: args.year }, { key: Category, value: args.category }, { key: County, value: business.county },
          { key: StatusAttribute, value: args.channel === 'SELF' ? 'SUBMITTED' : 'RECOMMENDED' },
        ],
        staticSummary: `名特优新申请 ${args.year}（${CATEGORIES[args.category]}）`,
      }),
    );
    return input;
  }


  router.get(getApplicationForm.path, requireRole(...getApplicationForm.roles), async (req, res) => {
    const { params, query } = parseRequest(getApplicationForm, req);
    const business = await reachable(principalOf(res), params.uscc);
    const referenceDate = shanghaiDate(new Date().toISOString());
    const facts = (await readApplicationFacts(pool, { uscc: params.uscc, year: params.year, referenceDate }))!;
    const config = configOf(await prisma.cycle.findUnique({ where: { year: params.year } }));
    const redaction = redactionFor(principalOf(res));
    res.json({
      year: params.year, uscc: params.uscc, category: query.category,
      shared: (Object.keys(SHARED_FIELDS) as SharedField[]).map((field) => redaction.formField({
        field, label: SHARED_FIELDS[field].label, ...(facts.shared[field] ?? { value: null, department: SHARED_FIELDS[field].department, asOf: null }),
        // The ID-level personal datum is masked; the household sees its own name in full.
        ...(field === 'operatorName' && principalOf(res).role !== 'HOUSEHOLD' && business.operatorName ? { value: `${business.operatorName.slice(0, 1)}*` } : {}),
        locked: true as const,
      })),
      declarable: DECLARABLE_FIELDS.map((field) => ({ field, label: declaredFieldsSchema.shape[field].description ?? field })),
      criteria: redaction.criteria(evaluateCriteria(query.category, { ...facts.criteria, recommendedFor: [] }, params.year, referenceDate, config.criteria)),
      gate: redaction.gate(evaluateGate({ ...facts.gate, recommended: false, specialGroups: facts.specialGroups }, referenceDate, config.gate)),
    });
  });

  router.post(declare.path, requireRole(...declare.roles), async (req, res) => {
    const principal = principalOf(res);
    // Department-supplied values are refused by name before the form's own schema (which only knows declarable fields).
    const raw = (req.body ?? {}) as { fields?: unknown; evidence?: unknown };
    const refusals = refusedFields(
      raw.fields && typeof raw.fields === 'object' ? (raw.fields as Record<string, unknown>) : {},
      Array.isArray(raw.evidence) ? (raw.evidence as Array<{ field?: unknown }>) : [],
    );
    if (refusals.length) {
      const supplied = refusals.filter((r) => r.code === 'DEPARTMENT_SUPPLIED_FIELD');
      throw new ApiError(supplied.length ? 422 : 400, supplied.length ? 'DEPARTMENT_SUPPLIED_FIELD' : 'UNKNOWN_FIELD', refusals.map((r) => r.message).join('；'), refusals);
    }
    const { body } = parseRequest(declare, req);
    if (!principal.uscc) throw forbidden('该经营者账号未关联个体工商户');
    await reachable(principal, principal.uscc);
    // Evidence cites files this household uploaded for the same field.
    const files = await prisma.evidenceFile.findMany({ where: { id: { in: body.evidence.map((e) => e.evidenceId) }, uscc: principal.uscc } });
    const evidence = body.evidence.map((e, i) => {
      const file = files.find((f) => f.id === e.evidenceId && f.field === e.field);
      if (!file) throw new ApiError(422, 'EVIDENCE_NOT_FOUND', `第 ${i + 1} 项佐证材料不存在，或不是本户为「${e.field}」上传的材料`, [{ field: `body.evidence[${i}].evidenceId` }]);
      return { ...e, fileName: file.fileName, sha256: file.sha256, sizeBytes: file.sizeBytes };
    });
    let input: ApplicationInput;
    try {
      input = await startApplication({ year: body.year, uscc: principal.uscc, category: body.category, channel: 'SELF', principal, declared: { fields: body.fields, evidence } });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new ApiError(409, 'APPLICATION_EXISTS', '本年度已有进行中的申请，请查询进度');
      throw error;
    }
    res.status(201).json(withLabel(receivedView(input)));
  });

  router.get(getApplication.path, requireRole(...getApplication.roles), async (req, res) => {
    const { params } = parseRequest(getApplication, req);
    await reachable(principalOf(res), params.uscc);
    try {
      const view = await deadline(() => temporal.workflow.getHandle(applicationWorkflowId(params.year, params.uscc)).query(applicationViewQuery));
      res.json({ ...withLabel(redactionFor(principalOf(res)).application(view)), evidence: await evidenceOf(params.year, params.uscc) });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound('APPLICATION_NOT_FOUND', '没有该户本年度的名特优新申请');
      throw error;
    }
  });

  router.get(listApplications.path, requireRole(...listApplications.roles), async (req, res) => {
    const { query } = parseRequest(listApplications, req);
    const p = principalOf(res);
    const rows = await prisma.application.findMany({
      where: {
        year: query.year, ...(query.status ? { status: query.status } : {}), ...(query.category ? { category: query.category } : {}),
        ...(COUNTY_SCOPED.includes(p.role) ? { county: p.county! } : query.county ? { county: query.county } : {}),
        ...(query.after ? { uscc: { gt: query.after } } : {}),
      },
      orderBy: { uscc: 'asc' },
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    res.json({
      items: page.map((a) => ({ uscc: a.uscc, county: a.county, category: a.category, channel: a.channel, status: a.status, score: a.score, rank: a.rank, selected: a.selected, explanation: a.explanation })),
      nextAfter: rows.length > query.limit ? page.at(-1)!.uscc : null,
    });
  });

  router.post(withdraw.path, requireRole(...withdraw.roles), async (req, res) => {
    const { params, body } = parseRequest(withdraw, req);
    const p = principalOf(res);
    await reachable(p, params.uscc);
    const closed = async () =>
      (await prisma.application.findUnique({ where: { year_uscc: { year: params.year, uscc: params.uscc } } }))
        ? new ApiError(409, 'CANNOT_WITHDRAW', '该申请已办结，不能撤回')
        : notFound('APPLICATION_NOT_FOUND', '没有该户本年度的名特优新申请');
    res.json(withLabel(await runUpdate(temporal, applicationWorkflowId(params.year, params.uscc), withdrawUpdate, [actorOf(p), body.reason], closed)));
  });

  router.post(recommend.path, requireRole(...recommend.roles), async (req, res) => {
    const { body } = parseRequest(recommend, req);
    const p = principalOf(res);
    const business = await prisma.business.findUnique({ where: { uscc: body.uscc } });
    if (!business) throw notFound('BUSINESS_NOT_FOUND', '该个体工商户不存在');
    const department = p.department ?? p.name;
    /** A repeated id: the same recommendation again is a 200; anything else a 409 that names nothing of the first. */
    const repeated = (seen: { id: string; year: number; uscc: string; category: string; department: string }) => {
      if (seen.department !== department || seen.year !== body.year || seen.uscc !== body.uscc || seen.category !== body.category) {
        throw new ApiError(409, 'RECOMMENDATION_ID_TAKEN', '该推荐编号已被使用，请为新的推荐生成新的编号');
      }
      res.status(200).json({ recommendationId: seen.id, year: seen.year, uscc: seen.uscc, duplicate: true });
    };
    const seen = await prisma.recommendation.findUnique({ where: { id: body.recommendationId } });
    if (seen) return repeated(seen);
    await openCycle(body.year);
    const recommendation: Recommendation = { recommendationId: body.recommendationId, department, category: body.category, reason: body.reason, receivedAt: new Date().toISOString() };
    // Temporal first (a repeated recommendation id is ignored by the workflow), then the record: a
    // client retrying after a failure neither loses nor doubles the recommendation.
    const existing = await prisma.application.findUnique({ where: { year_uscc: { year: body.year, uscc: body.uscc } } });
    const signal = () => deadline(() => temporal.workflow.getHandle(applicationWorkflowId(body.year, body.uscc)).signal(recommendSignal, recommendation));
    if (existing && !FINAL_STATUSES.includes(existing.status as ApplicationStatus)) {
      await signal();
    } else {
      try {
        await startApplication({ year: body.year, uscc: body.uscc, category: body.category, channel: 'RECOMMENDED', principal: p, declared: { fields: {}, evidence: [] }, recommendation });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        await signal(); // started a moment ago by the household: the recommendation joins it
      }
    }
    try {
      await prisma.$transaction([
        prisma.recommendation.create({
          data: { id: body.recommendationId, year: body.year, uscc: body.uscc, category: body.category, department: recommendation.department, principalId: p.id, reason: body.reason, consent: body.consent },
        }),
        auditEntry(prisma, { actorId: p.id, actorRole: p.role, action: 'RECOMMENDATION_RECEIVED', targetType: 'recommendation', targetId: body.recommendationId, after: { uscc: body.uscc, category: body.category, consent: body.consent } }),
      ]);
    } catch (error) {
      // The same id recorded a moment ago by a concurrent request (the workflow took the Signal once).
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      return repeated(await prisma.recommendation.findUniqueOrThrow({ where: { id: body.recommendationId } }));
    }
    res.status(201).json({ recommendationId: body.recommendationId, year: body.year, uscc: body.uscc, duplicate: false });
  });

  publicRouter.get(publicNotice.path, async (req, res) => {
    const { query } = parseRequest(publicNotice, req);
    const rows = await prisma.application.findMany({ where: { year: query.year, status: { in: IN_NOTICE }, noticeEndsAt: { gt: new Date() } }, orderBy: [{ category: 'asc' }, { uscc: 'asc' }] });
    const names = new Map((await prisma.business.findMany({ where: { uscc: { in: rows.map((r) => r.uscc) } }, select: { uscc: true, tradeName: true } })).map((b) => [b.uscc, b.tradeName]));
    res.json({
      items: rows.map((a) => ({
        uscc: a.uscc, tradeName: names.get(a.uscc) ?? null, county: a.county, countyName: COUNTIES[a.county as keyof typeof COUNTIES] ?? a.county,
        category: a.category, categoryLabel: CATEGORIES[a.category as CategoryCode], noticeEndsAt: a.noticeEndsAt!.toISOString(),
      })),
    });
  });

  // Limits first: every attempt counts, so probing the list of applications costs the same as filing.
  publicRouter.post(fileObjection.path, ...objectionRateLimits(limits), async (req, res) => {
    const { body } = parseRequest(fileObjection, req);
    const application = await prisma.application.findUnique({ where: { year_uscc: { year: body.year, uscc: body.uscc } } });
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
    await prisma.$transaction(async (tx) => {
      // One writer per application at a time, so the per-phone and per-day checks cannot be raced past.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`objection:${body.year}:${body.uscc}`}))`;
      const phone = body.objector.phone.replace(/-/g, ''); // 0722-1234567 and 07221234567 are one phone
      if (await tx.objection.findUnique({ where: { year_uscc_objectorPhone: { year: body.year, uscc: body.uscc, objectorPhone: phone } }, select: { id: true } })) {
        throw new ApiError(409, 'DUPLICATE_OBJECTION', '该联系电话已对该户提出过异议，请凭异议编号查询处理结果；补充材料请联系受理单位');
      }
      const dayStartsAt = Date.parse(`${shanghaiDate(receivedAt)}T00:00:00+08:00`);
      const today = await tx.objection.count({ where: { year: body.year, uscc: body.uscc, receivedAt: { gte: new Date(dayStartsAt) } } });
      if (today >= limits.objectionsPerApplicationPerDay) {
        res.setHeader('Retry-After', String(Math.ceil((dayStartsAt + 86_400_000 - receivedAt.getTime()) / 1000)));
        throw new ApiError(429, 'OBJECTION_DAILY_LIMIT', `该户今日收到的异议已达上限（每日 ${limits.objectionsPerApplicationPerDay} 件），请明日再提交`);
      }
      await tx.objection.create({
        data: {
          id: objectionId, year: body.year, uscc: body.uscc, objectorName: body.objector.name, objectorPhone: phone, organisation: body.objector.organisation ?? null,
          facts: body.facts, evidence: body.evidence, receivedAt, status: 'RECEIVED', delivery: 'PENDING',
        },
      });
      await auditEntry(tx, { actorId: null, actorRole: 'PUBLIC', action: 'OBJECTION_RECEIVED', targetType: 'objection', targetId: objectionId, after: { uscc: body.uscc, year: body.year }, requestId: res.locals.requestId as string });
    });
    // Recorded is received: if Temporal cannot take the Signal now (or the mark cannot be written), the
    // reconciler delivers it later; the objector is not told to retry what is already recorded.
    await deliverObjection({ prisma, temporal }, { id: objectionId, year: body.year, uscc: body.uscc, receivedAt }).catch(() => 'PENDING');
    res.status(201).json({ objectionId, status: 'RECEIVED', objector: { name: body.objector.name, phone: maskPhone(body.objector.phone.replace(/-/g, '')) } });
  });

  publicRouter.get(objectionStatus.path, async (req, res) => {
    const { params } = parseRequest(objectionStatus, req);
    const objection = await prisma.objection.findUnique({ where: { id: params.id } });
    if (!objection) throw notFound('OBJECTION_NOT_FOUND', '没有该编号的异议');
    const status = objection.status as keyof typeof OBJECTION_STATUS_LABELS;
    res.json({
      objectionId: objection.id, year: objection.year, uscc: objection.uscc, status, statusLabel: OBJECTION_STATUS_LABELS[status],
      reason: (objection.decision as { reason?: string } | null)?.reason ?? null, decidedAt: objection.decidedAt?.toISOString() ?? null,
    });
  });

  router.get(categorySummary.path, requireRole(...categorySummary.roles), async (req, res) => {
    const { params } = parseRequest(categorySummary, req);
    const cycle = await prisma.cycle.findUnique({ where: { year: params.year } });
    if (!cycle) throw notFound('CYCLE_NOT_FOUND', `${params.year} 年度周期不存在`);
    const groups = await prisma.application.groupBy({ by: ['status', 'category'], where: { year: params.year }, _count: { _all: true } });
    const byStatus: Record<string, Record<string, number>> = {};
    for (const g of groups) (byStatus[g.status] ??= {})[g.category] = g._count._all;
    const labels = await prisma.categoryLabel.groupBy({ by: ['category'], where: { year: params.year }, _count: { _all: true } });
    // cycle.selection also holds the register's ranking (activities/selectionActivities.ts): show the quota only.
    const selection = cycle.selection as { base?: number; cap?: number; capsByCounty?: Record<string, number>; rankedAt?: string } | null;
    res.json({
      year: params.year,
      quota: selection?.rankedAt ? { base: selection.base!, cap: selection.cap!, ...(selection.capsByCounty ? { capsByCounty: selection.capsByCounty } : {}), rankedAt: selection.rankedAt } : null,
      byStatus,
      designated: Object.fromEntries(CATEGORY_CODES.map((c) => [c, labels.find((l) => l.category === c)?._count._all ?? 0])),
      total: groups.reduce((n, g) => n + g._count._all, 0),
    });
  });

  return { publicRouter, router };
}
