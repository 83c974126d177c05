// The base list (docs/policy.md#p-base-list): a sector department sees the candidates of its own sector (by its
// department), county staff their county's, the city every candidate.
import { Router } from 'express';
import type pg from 'pg';
import { listBaseList as listCandidates } from '../../data/baseList';
import { CATEGORIES, type CategoryCode } from '../../domain/category/categories';
import { COUNTY_SCOPED } from '../../domain/roles';
import { principalOf, requireRole } from '../auth';
import { parseRequest } from '../contract';
import { listBaseList } from '../contracts/baseList';
import { forbidden } from '../errors';

export function baseListRouter({ pool }: { pool: pg.Pool }): Router {
  const router = Router();

  router.get(listBaseList.path, requireRole(...listBaseList.roles), async (req, res) => {
    const { query } = parseRequest(listBaseList, req);
    const p = principalOf(res);
    if (p.role === 'SECTOR_DEPARTMENT' && !p.department) throw forbidden('未登记所属部门，不能查看基础名单');
    if (COUNTY_SCOPED.includes(p.role) && query.county && query.county !== p.county) throw forbidden('无权访问其他县（市、区）的数据');
    const rows = await listCandidates(pool, {
      year: query.year, department: p.role === 'SECTOR_DEPARTMENT' ? p.department : null,
      county: COUNTY_SCOPED.includes(p.role) ? p.county : query.county ?? null, category: query.category ?? null, after: query.after ?? '', limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    res.json({
      year: query.year,
      items: page.map((r) => {
        const reasons = r.reasons as { explanation: string; byCategory: Array<{ category: CategoryCode; criteria: Array<{ code: string; label: string; evidence: string }> }> };
        return {
          uscc: r.uscc, tradeName: r.tradeName, county: r.county, industryCode: r.industryCode, typingType: r.typingType,
          suggestedCategory: r.suggestedCategory, suggestedCategoryLabel: CATEGORIES[r.suggestedCategory as CategoryCode],
          explanation: reasons.explanation, reasons: reasons.byCategory, sectors: r.sectors, invitedAt: r.invitedAt?.toISOString() ?? null,
        };
      }),
      nextAfter: rows.length > query.limit ? page.at(-1)!.uscc : null,
    });
  });

  return router;
}
