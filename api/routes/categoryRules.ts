// 名特优新 rules as versioned data (docs/policy.md#p-category-rules): drafts by a city administrator,
// four-eyes approval, activation for the cycles started from then on, and a diff against the active one.
import { Router } from 'express';
import {
  activateCategoryRules as activate, activeCategoryRules, approveCategoryRules as approve, CategoryRulesStateError, draftCategoryRules, findCategoryRules,
  listCategoryRuleSets,
  type CategoryRuleSetRow,
} from '../../data/categoryRules';
import { categoryRulesProblems, rulesDiff, type CategoryRules } from '../../domain/category/categoryRules';
import type { PrismaClient } from '../../prisma/client';
import { principalOf, requireRole } from '../auth';
import { parseRequest } from '../contract';
import { activateCategoryRules, approveCategoryRules, createCategoryRules, diffCategoryRules, getCategoryRules, listCategoryRules } from '../contracts/categoryRules';
import { ApiError, notFound } from '../errors';

const STATUS_LABELS: Record<string, string> = { DRAFT: '草稿', APPROVED: '已审批', ACTIVE: '启用中', RETIRED: '已停用' };
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const view = (r: CategoryRuleSetRow) => ({
  id: r.id, version: r.version, status: r.status as 'DRAFT' | 'APPROVED' | 'ACTIVE' | 'RETIRED', statusLabel: STATUS_LABELS[r.status] ?? r.status,
  note: r.note, definition: r.definition as unknown as CategoryRules, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(),
  approvedBy: r.approvedBy, approvedAt: iso(r.approvedAt), activatedBy: r.activatedBy, activatedAt: iso(r.activatedAt), retiredAt: iso(r.retiredAt),
});

const stateError = (error: unknown): never => {
  if (error instanceof CategoryRulesStateError) {
    const now = error.status ? `当前状态为「${STATUS_LABELS[error.status] ?? error.status}」` : '不存在';
    if (error.code === 'NOT_DRAFT') throw new ApiError(409, 'CATEGORY_RULES_NOT_DRAFT', `只有草稿可以审批，该规则版本${now}`);
    throw new ApiError(409, 'CATEGORY_RULES_NOT_APPROVED', `只有已审批的规则版本可以启用，该规则版本${now}`);
  }
  throw error;
};

export function categoryRulesRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  async function find(id: string): Promise<CategoryRuleSetRow> {
    const r = await findCategoryRules(prisma, id);
    if (!r) throw notFound('CATEGORY_RULES_NOT_FOUND', `名特优新规则版本 ${id} 不存在`);
    return r;
  }
  const actorOf = (res: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(res);
    return { id: p.id, role: p.role, requestId: res.locals.requestId as string };
  };

  router.get(listCategoryRules.path, requireRole(...listCategoryRules.roles), async (_req, res) => {
    const active = await activeCategoryRules(prisma); // a fresh system shows its seeded default
    const rows = await listCategoryRuleSets(prisma);
    res.json({ items: rows.map(view), activeId: active.ref.id });
  });

  router.get(diffCategoryRules.path, requireRole(...diffCategoryRules.roles), async (req, res) => {
    const { params } = parseRequest(diffCategoryRules, req);
    const row = await find(params.id);
    const active = await activeCategoryRules(prisma);
    res.json({ id: row.id, activeId: active.ref.id, changes: rulesDiff(active.rules, row.definition) });
  });

  router.get(getCategoryRules.path, requireRole(...getCategoryRules.roles), async (req, res) => {
    const { params } = parseRequest(getCategoryRules, req);
    res.json(view(await find(params.id)));
  });

  router.post(createCategoryRules.path, requireRole(...createCategoryRules.roles), async (req, res) => {
    const { body } = parseRequest(createCategoryRules, req);
    const problems = categoryRulesProblems(body.definition);
    if (problems.length) throw new ApiError(422, 'CATEGORY_RULES_INVALID', `规则不自洽：${problems.map((p) => p.message).join('；')}`, problems);
    await activeCategoryRules(prisma); // the seeded default exists before any draft, so it is what a diff compares with
    const row = await draftCategoryRules(prisma, { version: body.version, definition: body.definition as CategoryRules, note: body.note }, actorOf(res));
    if (!row) throw new ApiError(409, 'CATEGORY_RULES_EXISTS', `名特优新规则版本 ${body.version} 已存在`);
    res.status(201).json(view(row));
  });

  router.post(approveCategoryRules.path, requireRole(...approveCategoryRules.roles), async (req, res) => {
    const { params } = parseRequest(approveCategoryRules, req);
    const actor = actorOf(res);
    const row = await find(params.id);
    // Four eyes: the drafter may not approve their own draft.
    if (row.createdBy === actor.id) throw new ApiError(403, 'SELF_APPROVAL', '起草人不能审批自己起草的规则版本，须由另一名市级管理员审批');
    res.json(view(await approve(prisma, row.id, actor).catch(stateError)));
  });

  router.post(activateCategoryRules.path, requireRole(...activateCategoryRules.roles), async (req, res) => {
    const { params } = parseRequest(activateCategoryRules, req);
    const row = await find(params.id);
    const { row: activated, retired } = await activate(prisma, row.id, actorOf(res)).catch(stateError);
    res.json({ ...view(activated), retired });
  });

  return router;
}
