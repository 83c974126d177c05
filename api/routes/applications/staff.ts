// Staff views of the year's applications: the list (keyset paging, county-scoped roles see their county)
// and the cycle's 名特优新 summary (quota and counts by status and category).
import { Router } from 'express';
import { CATEGORY_CODES } from '../../../domain/category/categories';
import { COUNTY_SCOPED } from '../../../domain/roles';
import { principalOf, requireRole } from '../../auth';
import { parseRequest } from '../../contract';
import { categorySummary, listApplications } from '../../contracts/applications';
import { notFound } from '../../errors';
import type { ApplicationRouterDeps } from './shared';
import { applicationsPage, categoryCounts } from '../../../data/applications';
import { findCycle } from '../../../data/cycles';

export function staffApplicationRouter({ prisma }: ApplicationRouterDeps): Router {
  const router = Router();

  router.get(listApplications.path, requireRole(...listApplications.roles), async (req, res) => {
    const { query } = parseRequest(listApplications, req);
    const p = principalOf(res);
    const county = COUNTY_SCOPED.includes(p.role) ? p.county! : query.county ? query.county : undefined;
    const rows = await applicationsPage(prisma, { year: query.year, status: query.status, category: query.category, county, after: query.after }, query.limit + 1);
    const page = rows.slice(0, query.limit);
    res.json({
      items: page.map((a) => ({ uscc: a.uscc, county: a.county, category: a.category, channel: a.channel, status: a.status, score: a.score, rank: a.rank, selected: a.selected, explanation: a.explanation })),
      nextAfter: rows.length > query.limit ? page.at(-1)!.uscc : null,
    });
  });

  router.get(categorySummary.path, requireRole(...categorySummary.roles), async (req, res) => {
    const { params } = parseRequest(categorySummary, req);
    const cycle = await findCycle(prisma, params.year);
    if (!cycle) throw notFound('CYCLE_NOT_FOUND', `${params.year} 年度周期不存在`);
    const { groups, labels } = await categoryCounts(prisma, params.year);
    const byStatus: Record<string, Record<string, number>> = {};
    for (const g of groups) (byStatus[g.status] ??= {})[g.category] = g._count._all;
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

  return router;
}
