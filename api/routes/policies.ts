// The support-policy catalogue (drafted by a department, published by a second person of the city,
// withdrawn), a household's matched policies and why, uptake, the household's 授信 consent, and the
// lists a department and a financial institution read (docs/policy.md#p-policy-catalogue,
// docs/policy.md#p-policy-matching, docs/policy.md#p-policy-reach, docs/policy.md#p-credit-consent).
import { Router } from 'express';
import type pg from 'pg';
import {
  creditCandidates, creditConsentOf, draftPolicy, ensureDefaultPolicies, findPolicy, householdMatches, listPolicies, policyView, publishPolicy, reachOf, recordUptake,
  runToMatch, setCreditConsent, todayInShanghai, withdrawPolicy,
} from '../../data/policies';
import { findTypingResult } from '../../data/typingRuns';
import { explainMatch } from '../../domain/policies/explain';
import { conditionTrace, policyConditionsSchema, policyTargetSchema } from '../../domain/policies/policy';
import { decodeFeatures, type StoredFeatures } from '../../domain/typing/storedResult';
import { Prisma, type PrismaClient } from '../../prisma/client';
import { principalOf, reachableBusiness, requireRole, type Principal } from '../auth';
import { parsePart, parseRequest } from '../contract';
import {
  businessPolicies, createPolicy, creditConsent, creditHouseholds, getCreditConsent, listPolicies as listPoliciesContract, policyReach, publishPolicy as publishContract,
  recordUptake as uptakeContract, withdrawPolicy as withdrawContract,
} from '../contracts/policies';
import { ApiError, forbidden, notFound } from '../errors';
import { redactionFor } from '../redaction';

/** Tax credit ratings are tax data: the tax department itself and the city see them (docs/policy.md#p-roles-visibility). */
const seesCreditRating = (p: Principal) => p.role === 'CITY_AMR' || p.department === '税务';
/** A spreadsheet would run a cell starting with one of these as a formula. */
const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  const guarded = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
};

export function policyRouter({ prisma, pool }: { prisma: PrismaClient; pool: pg.Pool }): Router {
  const router = Router();
  const requestId = (res: Parameters<typeof principalOf>[0]) => res.locals.requestId as string;

  async function find(id: string) {
    const p = await findPolicy(prisma, id);
    if (!p) throw notFound('POLICY_NOT_FOUND', `政策 ${id} 不存在`);
    return p;
  }

  router.get(listPoliciesContract.path, requireRole(...listPoliciesContract.roles), async (req, res) => {
    const { query } = parseRequest(listPoliciesContract, req);
    await ensureDefaultPolicies(prisma);
    res.json({ items: (await listPolicies(prisma, query)).map(policyView) });
  });

  router.post(createPolicy.path, requireRole(...createPolicy.roles), async (req, res) => {
    const { body } = parseRequest(createPolicy, req);
    const p = principalOf(res);
    if (!p.department) throw new ApiError(422, 'NO_DEPARTMENT', '起草人未登记所属部门，无法起草政策');
    try {
      res.status(201).json(policyView(await draftPolicy(prisma, { id: p.id, role: p.role, requestId: requestId(res) }, p.department, body)));
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ApiError(409, 'POLICY_EXISTS', `政策 ${body.code}@${body.version} 已存在`);
      throw error;
    }
  });

  router.post(publishContract.path, requireRole(...publishContract.roles), async (req, res) => {
    const { params, body } = parseRequest(publishContract, req);
    const p = principalOf(res);
    const policy = await find(params.id);
    if (policy.status !== 'DRAFT') throw new ApiError(409, 'POLICY_NOT_DRAFT', `政策当前状态为 ${policy.status}，只有草稿可以发布`);
    if (policy.createdBy === p.id) throw new ApiError(422, 'SELF_APPROVAL', '起草人不能审核发布自己起草的政策');
    const published = await publishPolicy(prisma, { id: p.id, role: p.role, requestId: requestId(res) }, policy.id, body).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') throw new ApiError(409, 'POLICY_NOT_DRAFT', '政策状态已变化，请刷新后重试');
      throw error;
    });
    res.json(policyView(published));
  });

  router.post(withdrawContract.path, requireRole(...withdrawContract.roles), async (req, res) => {
    const { params, body } = parseRequest(withdrawContract, req);
    const p = principalOf(res);
    const policy = await find(params.id);
    if (policy.status !== 'PUBLISHED') throw new ApiError(409, 'POLICY_NOT_PUBLISHED', `政策当前状态为 ${policy.status}，只有已发布的政策可以撤回`);
    const { policy: withdrawn, ended } = await withdrawPolicy(prisma, { id: p.id, role: p.role, requestId: requestId(res) }, policy.id, body.reason).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') throw new ApiError(409, 'POLICY_NOT_PUBLISHED', '政策状态已变化，请刷新后重试');
      throw error;
    });
    res.json({ policy: policyView(withdrawn), matchesEnded: ended });
  });

  router.get(businessPolicies.path, requireRole(...businessPolicies.roles), async (req, res) => {
    const { params, query } = parseRequest(businessPolicies, req);
    const p = principalOf(res);
    await reachableBusiness(prisma, p, params.uscc, '经营者只能查看本户的政策');
    const hide = (feature: string) => redactionFor(p).hidesFeature(feature);
    const matches = await householdMatches(prisma, params.uscc, query.history === 'true');
    const features = new Map<string, ReturnType<typeof decodeFeatures> | null>();
    const items = [];
    for (const m of matches) {
      const conditions = m.policy.conditions ? policyConditionsSchema.parse(m.policy.conditions) : null;
      let node = null;
      if (conditions) {
        if (!features.has(m.runId)) {
          const r = await findTypingResult(prisma, m.runId, params.uscc);
          features.set(m.runId, r ? decodeFeatures(r.features as unknown as StoredFeatures) : null);
        }
        node = conditionTrace(conditions, features.get(m.runId) ?? null);
      }
      items.push({
        policy: policyView(m.policy), current: m.endedAt === null, firstMatchedAt: m.firstMatchedAt.toISOString(), lastMatchedAt: m.lastMatchedAt.toISOString(),
        endedAt: m.endedAt?.toISOString() ?? null, endReason: m.endReason, uptake: m.uptake, uptakeAt: m.uptakeAt?.toISOString() ?? null,
        why: explainMatch(policyTargetSchema.parse(m.policy.target), m.explanation, node, hide),
      });
    }
    res.json({ uscc: params.uscc, items });
  });

  router.post(uptakeContract.path, requireRole(...uptakeContract.roles), async (req, res) => {
    const params = parsePart(uptakeContract.params, req.params, 'params');
    const p = principalOf(res);
    await reachableBusiness(prisma, p, params.uscc, '经营者只能登记本户的政策享受情况');
    const { body } = parseRequest(uptakeContract, req);
    const policy = await find(params.policyId);
    if (p.role === 'HOUSEHOLD' && body.status === 'GRANTED') throw forbidden('"已兑现"由发布部门登记');
    if (p.role !== 'HOUSEHOLD' && p.role !== 'CITY_AMR' && p.department !== policy.department) throw forbidden('只有发布部门可以登记本部门政策的兑现情况');
    if (p.role !== 'HOUSEHOLD' && body.status === 'APPLIED') throw forbidden('"已申请"由经营者登记');
    const recorded = await recordUptake(prisma, { id: p.id, role: p.role, requestId: requestId(res) }, { policyId: policy.id, uscc: params.uscc }, body.status, body.note);
    if (!recorded) throw notFound('POLICY_MATCH_NOT_FOUND', '该户与此政策没有匹配记录');
    res.json({ policyId: policy.id, uscc: params.uscc, uptake: body.status });
  });

  router.post(creditConsent.path, requireRole(...creditConsent.roles), async (req, res) => {
    const params = parsePart(creditConsent.params, req.params, 'params');
    const p = principalOf(res);
    await reachableBusiness(prisma, p, params.uscc, '经营者只能为本户授权');
    const { body } = parseRequest(creditConsent, req);
    const row = await setCreditConsent(prisma, { id: p.id, role: p.role, requestId: requestId(res) }, params.uscc, body.consent);
    res.json({ uscc: params.uscc, consent: body.consent, grantedAt: body.consent && row ? row.grantedAt.toISOString() : null });
  });

  router.get(getCreditConsent.path, requireRole(...getCreditConsent.roles), async (req, res) => {
    const { params } = parseRequest(getCreditConsent, req);
    await reachableBusiness(prisma, principalOf(res), params.uscc, '经营者只能查看本户的授权');
    const { consent, grantedAt } = await creditConsentOf(prisma, params.uscc);
    res.json({ uscc: params.uscc, consent, grantedAt: grantedAt?.toISOString() ?? null });
  });

  router.get(policyReach.path, requireRole(...policyReach.roles), async (req, res) => {
    const { params, query } = parseRequest(policyReach, req);
    const p = principalOf(res);
    const policy = await find(params.id);
    if (p.role !== 'CITY_AMR' && p.department !== policy.department) throw forbidden('只能查看本部门发布的政策覆盖名单');
    if (query.creditRating && !seesCreditRating(p)) throw forbidden('纳税信用等级属于税务数据，仅税务部门和市级可按其筛选');
    const run = await runToMatch(prisma, null);
    const rows = await reachOf(pool, { policyIds: [policy.id], type: query.type, creditRating: query.creditRating, county: query.county, year: run?.year ?? new Date().getUTCFullYear(), after: query.after, limit: query.limit });
    const items = rows.map((r) => ({
      uscc: r.uscc, tradeName: r.trade_name, county: r.county, industryCode: r.industry_code, type: r.type, categories: r.categories,
      creditRating: seesCreditRating(p) ? r.credit_rating : null, policyId: r.policy_id, firstMatchedAt: r.first_matched_at.toISOString(), uptake: r.uptake,
    }));
    const next = rows.length === query.limit ? rows.at(-1)!.uscc : null;
    if (query.format === 'csv') {
      const header = ['统一社会信用代码', '字号', '县（市、区）', '行业代码', '分型', '名特优新', '纳税信用等级', '政策', '首次匹配时间', '享受情况'];
      const lines = items.map((i) => [i.uscc, i.tradeName, i.county, i.industryCode, i.type, i.categories.join('/'), i.creditRating, i.policyId, i.firstMatchedAt, i.uptake].map(csvCell).join(','));
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="policy-reach.csv"`);
      if (next) res.setHeader('X-Next-After', next);
      res.send(`\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`);
      return;
    }
    res.json({ policyId: policy.id, items, next });
  });

  router.get(creditHouseholds.path, requireRole(...creditHouseholds.roles), async (req, res) => {
    const { query } = parseRequest(creditHouseholds, req);
    const run = await runToMatch(prisma, null);
    if (!run) {
      res.json({ runId: null, items: [], next: null });
      return;
    }
    const rows = await creditCandidates(pool, { runId: run.runId, date: todayInShanghai(), county: query.county, after: query.after, limit: query.limit });
    res.json({
      runId: run.runId,
      items: rows.map((r) => ({ uscc: r.uscc, tradeName: r.trade_name, county: r.county, industryCode: r.industry_code, type: r.type, categories: r.categories, consentedAt: r.consented_at.toISOString() })),
      next: rows.length === query.limit ? rows.at(-1)!.uscc : null,
    });
  });

  return router;
}
