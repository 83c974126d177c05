// Typing rulesets as versioned data: drafts by the province, four-eyes approval, activation for the
// next annual run, and what-if against the active version.
import { Router } from 'express';
import type pg from 'pg';
import { compareRulesets, WhatIfDeadlineError } from '../../data/whatIf';
import {
  activateRuleset as activate, approveRuleset as approve, draftRuleset, ensureDefaultRuleset, findRuleset, rulesetsNewestFirst, type RulesetActor, type RulesetRow,
} from '../../data/rulesets';
import { calibrationWarnings } from '../../domain/typing/calibration';
import { rulesetDefinitionSchema, rulesetProblem, type RulesetDefinition } from '../../domain/typing/ruleset';
import { Prisma, type PrismaClient } from '../../prisma/client';
import { principalOf, requireRole } from '../auth';
import { parseRequest } from '../contract';
import { activateRuleset, approveRuleset, createRuleset, listRulesets, whatIfRuleset } from '../contracts/rulesets';
import { ApiError, notFound } from '../errors';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const view = (r: RulesetRow) => ({
  id: r.id, family: r.family, code: r.code, version: r.version, status: r.status, owner: r.owner, definition: r.definition,
  createdAt: r.createdAt.toISOString(), approvedBy: r.approvedBy, approvedAt: iso(r.approvedAt), activatedAt: iso(r.activatedAt), retiredAt: iso(r.retiredAt),
});

/**
 * A what-if reads the whole population page by page (about 200,000 businesses in Suizhou, a few seconds);
 * past this deadline it is abandoned with a 503 instead of holding the request (and a bulk connection) open.
 */
export const WHAT_IF_DEADLINE_MS = 60_000;

/** Who acts, for the ruleset's audit entry. */
const actorOf = (p: { id: string; role: string }, res: { locals: Record<string, unknown> }): RulesetActor => ({ id: p.id, role: p.role, requestId: res.locals.requestId as string });

export function rulesetRouter({ prisma, pool, whatIfDeadlineMs = WHAT_IF_DEADLINE_MS }: { prisma: PrismaClient; pool: pg.Pool; whatIfDeadlineMs?: number }): Router {
  const router = Router();

  async function find(id: string): Promise<RulesetRow> {
    const r = await findRuleset(prisma, id);
    if (!r) throw notFound('RULESET_NOT_FOUND', `规则集 ${id} 不存在`);
    return r;
  }

  /** A cycle or an exponential expansion would never finish (or exhaust the stack) when evaluated. */
  function refuseUnevaluable(definition: RulesetDefinition): RulesetDefinition {
    const problem = rulesetProblem(definition);
    if (problem) throw new ApiError(422, problem.code, problem.message);
    return definition;
  }

  router.get(listRulesets.path, requireRole(...listRulesets.roles), async (_req, res) => {
    await ensureDefaultRuleset(prisma);
    res.json({ items: (await rulesetsNewestFirst(prisma)).map(view) });
  });

  router.post(createRuleset.path, requireRole(...createRuleset.roles), async (req, res) => {
    const { body } = parseRequest(createRuleset, req);
    refuseUnevaluable(body.definition);
    const p = principalOf(res);
    const id = `${body.code}@${body.version}`;
    try {
      const created = await draftRuleset(prisma, actorOf(p, res), { id, code: body.code, version: body.version, definition: body.definition, owner: p.department ?? p.name });
      res.status(201).json(view(created));
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ApiError(409, 'RULESET_EXISTS', `规则集 ${id} 已存在`);
      throw error;
    }
  });

  router.post(approveRuleset.path, requireRole(...approveRuleset.roles), async (req, res) => {
    const { params } = parseRequest(approveRuleset, req);
    const p = principalOf(res);
    const r = await find(params.id);
    if (r.status !== 'DRAFT') throw new ApiError(409, 'RULESET_NOT_DRAFT', `规则集当前状态为 ${r.status}，只有草稿可以审批`);
    if (r.createdBy === p.id) throw new ApiError(422, 'SELF_APPROVAL', '起草人不能审批自己起草的规则集');
    const approved = await approve(prisma, actorOf(p, res), r.id);
    res.json(view(approved));
  });

  router.post(activateRuleset.path, requireRole(...activateRuleset.roles), async (req, res) => {
    const { params } = parseRequest(activateRuleset, req);
    const p = principalOf(res);
    const r = await find(params.id);
    if (r.status !== 'APPROVED') throw new ApiError(409, 'RULESET_NOT_APPROVED', '只有已审批的规则集可以启用');
    const activated = await activate(prisma, actorOf(p, res), r)
      .catch((error: unknown) => {
        if (error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2002' || error.code === 'P2025')) {
          throw new ApiError(409, 'CONCURRENT_ACTIVATION', '另一规则集刚刚启用或该规则集状态已变化，请刷新后重试');
        }
        throw error;
      });
    res.json(view(activated));
  });

  router.post(whatIfRuleset.path, requireRole(...whatIfRuleset.roles), async (req, res) => {
    const { params, body } = parseRequest(whatIfRuleset, req);
    const draft = await find(params.id);
    const activeId = await ensureDefaultRuleset(prisma);
    const active = await find(activeId);
    const drafted = refuseUnevaluable(rulesetDefinitionSchema.parse(draft.definition));
    let result: Awaited<ReturnType<typeof compareRulesets>>;
    try {
      result = await compareRulesets(pool, body.year, rulesetDefinitionSchema.parse(active.definition), drafted, undefined, Date.now() + whatIfDeadlineMs);
    } catch (error) {
      if (error instanceof WhatIfDeadlineError) {
        throw new ApiError(503, 'WHAT_IF_DEADLINE_EXCEEDED', `试算超过 ${Math.round(whatIfDeadlineMs / 1000)} 秒未完成，已放弃（未写入任何内容），请稍后在负载较低时重试`);
      }
      throw error;
    }
    res.json({ rulesetId: draft.id, activeRulesetId: active.id, ...result, warnings: calibrationWarnings(result.draft) });
  });

  return router;
}
