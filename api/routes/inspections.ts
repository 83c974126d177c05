// Differentiated 双随机 supervision (docs/policy.md#p-inspection-plan, docs/policy.md#p-inspection-draw): the city
// plans (ratios checked, seed published), freezes the population, draws; staff record outcomes; anyone
// reads the result and the frozen population to recompute the draw.
import { Router } from 'express';
import type pg from 'pg';
import {
  createPlan, drawPlan, findInspection, findPlan, freezePopulation, frozenPopulation, inspectionsOfPlan, listPlans, planView, publishedInspections, recordOutcome,
} from '../../data/inspections';
import { tradeNames } from '../../data/businesses';
import { INSPECTORS_PER_HOUSEHOLD, ratiosAboveOne, SEGMENT_LABELS, type Segment } from '../../domain/supervision/draw';
import { COUNTY_SCOPED } from '../../domain/roles';
import { Prisma, type PrismaClient } from '../../prisma/client';
import { assertCounty, principalOf, requireRole } from '../auth';
import { parseRequest } from '../contract';
import {
  createPlan as createContract, drawPlan as drawContract, freezePlan, getPlan, listPlans as listContract, publicPlan, publicPlans, publicPopulation, recordOutcome as outcomeContract,
} from '../contracts/inspections';
import { ApiError, notFound } from '../errors';

export function inspectionRouter({ prisma, pool }: { prisma: PrismaClient; pool: pg.Pool }): { router: Router; publicRouter: Router } {
  const router = Router();
  const publicRouter = Router();
  const actorOf = (res: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(res);
    return { id: p.id, role: p.role, requestId: res.locals.requestId as string };
  };
  async function find(id: string) {
    const plan = await findPlan(prisma, id);
    if (!plan) throw notFound('INSPECTION_PLAN_NOT_FOUND', '抽查计划不存在');
    return plan;
  }
  const item = (r: Awaited<ReturnType<typeof publishedInspections>>[number]) => ({
    uscc: r.uscc, tradeName: r.trade_name, county: r.county, segment: r.segment, outcome: r.outcome, outcomeAt: r.outcome_at?.toISOString() ?? null,
  });

  router.post(createContract.path, requireRole(...createContract.roles), async (req, res) => {
    const { body } = parseRequest(createContract, req);
    const above = ratiosAboveOne(body.r0, body.multipliers);
    if (above.length > 0) throw new ApiError(422, 'RATIO_ABOVE_ONE', `以下分段的抽查比例超过 1：${above.map((s) => `${SEGMENT_LABELS[s]}（${(body.r0 * body.multipliers[s]).toFixed(3)}）`).join('、')}`);
    try {
      res.status(201).json(planView(await createPlan(prisma, actorOf(res), body)));
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ApiError(409, 'PLAN_EXISTS', `${body.period} 已有抽查计划`);
      throw error;
    }
  });

  router.post(freezePlan.path, requireRole(...freezePlan.roles), async (req, res) => {
    const { params } = parseRequest(freezePlan, req);
    const plan = await find(params.id);
    if (plan.status !== 'DRAFT') throw new ApiError(409, 'PLAN_NOT_DRAFT', '只有草稿计划可以冻结名单');
    try {
      res.json(planView(await freezePopulation(prisma, pool, actorOf(res), plan)));
    } catch (error) {
      if ((error as Error).message === 'PLAN_NOT_DRAFT') throw new ApiError(409, 'PLAN_NOT_DRAFT', '计划状态已变化，请刷新后重试');
      throw error;
    }
  });

  router.post(drawContract.path, requireRole(...drawContract.roles), async (req, res) => {
    const { params } = parseRequest(drawContract, req);
    const plan = await find(params.id);
    if (plan.status !== 'FROZEN') throw new ApiError(409, 'PLAN_NOT_FROZEN', plan.status === 'DRAWN' ? '该计划已抽取' : '名单尚未冻结，不能抽取');
    const roster = plan.roster as Record<string, string[]>;
    const counties = [...new Set((await frozenPopulation(pool, plan.id)).filter((c) => c.excluded === null).map((c) => c.county))];
    const short = counties.filter((c) => (roster[c]?.length ?? 0) < INSPECTORS_PER_HOUSEHOLD);
    if (short.length > 0) throw new ApiError(422, 'ROSTER_TOO_SMALL', `以下县（市、区）执法检查人员少于 ${INSPECTORS_PER_HOUSEHOLD} 人：${short.join('、')}`);
    try {
      res.json({ planId: plan.id, drawn: await drawPlan(prisma, pool, actorOf(res), plan) });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') throw new ApiError(409, 'PLAN_NOT_FROZEN', '计划状态已变化，请刷新后重试');
      throw error;
    }
  });

  router.get(listContract.path, requireRole(...listContract.roles), async (_req, res) => {
    res.json({ items: (await listPlans(prisma)).map(planView) });
  });

  router.get(getPlan.path, requireRole(...getPlan.roles), async (req, res) => {
    const { params } = parseRequest(getPlan, req);
    const p = principalOf(res);
    const plan = await find(params.id);
    const rows = await inspectionsOfPlan(prisma, plan.id, COUNTY_SCOPED.includes(p.role) ? (p.county ?? '') : null);
    const names = new Map((await tradeNames(prisma, rows.map((r) => r.uscc))).map((b) => [b.uscc, b.tradeName]));
    res.json({
      plan: planView(plan),
      inspections: rows.map((r) => ({ uscc: r.uscc, tradeName: names.get(r.uscc) ?? null, county: r.county, segment: r.segment, outcome: r.outcome, outcomeAt: r.outcomeAt?.toISOString() ?? null, inspectors: r.inspectors })),
    });
  });

  router.post(outcomeContract.path, requireRole(...outcomeContract.roles), async (req, res) => {
    const { params, body } = parseRequest(outcomeContract, req);
    const p = principalOf(res);
    const inspection = await findInspection(prisma, params.id, params.uscc);
    if (!inspection) throw notFound('INSPECTION_NOT_FOUND', '该户不在本计划的抽查名单中');
    assertCounty(p, inspection.county);
    await recordOutcome(prisma, actorOf(res), { planId: params.id, uscc: params.uscc }, body.outcome);
    res.json({ planId: params.id, uscc: params.uscc, outcome: body.outcome });
  });

  publicRouter.get(publicPlans.path, async (_req, res) => {
    res.json({
      items: (await listPlans(prisma)).map(planView).map((p) => ({ id: p.id, period: p.period, r0: p.r0, seed: p.seed, status: p.status, populationSize: p.populationSize, frozenAt: p.frozenAt, drawnAt: p.drawnAt })),
    });
  });

  publicRouter.get(publicPlan.path, async (req, res) => {
    const { params } = parseRequest(publicPlan, req);
    const plan = planView(await find(params.id));
    res.json({
      plan: { id: plan.id, period: plan.period, r0: plan.r0, multipliers: plan.multipliers as Record<Segment, number>, frequencyYears: plan.frequencyYears, seed: plan.seed, status: plan.status, populationSize: plan.populationSize, populationDigest: plan.populationDigest, drawnAt: plan.drawnAt },
      inspections: (await publishedInspections(pool, params.id)).map(item),
    });
  });

  publicRouter.get(publicPopulation.path, async (req, res) => {
    const { params } = parseRequest(publicPopulation, req);
    const plan = await find(params.id);
    if (!plan.populationDigest) throw notFound('POPULATION_NOT_FROZEN', '名单尚未冻结');
    const rows = await frozenPopulation(pool, plan.id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.send(`uscc,county,segment,excluded\n${rows.map((r) => `${r.uscc},${r.county},${r.segment},${r.excluded ?? ''}`).join('\n')}\n`);
  });

  return { router, publicRouter };
}
