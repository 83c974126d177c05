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

export function staffApplicationRouter({ prisma }: ApplicationRouterDeps): Router {
  const router = Router();

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

  return router;
}
