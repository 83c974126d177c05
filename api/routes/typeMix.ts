// The type mix of a year's published typing by county and by industry: one GROUP BY over the typing
// results joined to the register, with GROUPING SETS giving both breakdowns in the same statement (data/typeMix.ts).
import { Router } from 'express';
import type pg from 'pg';
import { COUNTY_SCOPED } from '../../domain/roles';
import type { PrismaClient } from '../../prisma/client';
import { principalOf, requireRole } from '../auth';
import { parseRequest } from '../contract';
import { typeMix } from '../contracts/typeMix';
import { forbidden, notFound } from '../errors';
import { findCycle } from '../../data/cycles';
import { typeMixRows } from '../../data/typeMix';

const TYPES = ['D', 'G', 'S', 'UNTYPED'] as const;
type Counts = Record<(typeof TYPES)[number] | 'total', number>;
const empty = (): Counts => ({ D: 0, G: 0, S: 0, UNTYPED: 0, total: 0 });

export function typeMixRouter({ prisma, pool }: { prisma: PrismaClient; pool: pg.Pool }): Router {
  const router = Router();

  router.get(typeMix.path, requireRole(...typeMix.roles!), async (req, res) => {
    const { params, query } = parseRequest(typeMix, req);
    const p = principalOf(res);
    if (COUNTY_SCOPED.includes(p.role) && query.county && query.county !== p.county) throw forbidden('无权访问其他县（市、区）的数据');
    const county = COUNTY_SCOPED.includes(p.role) ? p.county : (query.county ?? null);
    const cycle = await findCycle(prisma, params.year);
    if (!cycle?.currentRunId) throw notFound('DIRECTORY_NOT_PUBLISHED', `${params.year} 年度尚未发布分型结果`);
    const rows = await typeMixRows(pool, query.industryLevel, cycle.currentRunId, county);
    const byCounty = new Map<string, Counts>();
    const byIndustry = new Map<string, Counts>();
    for (const row of rows) {
      const [map, key] = row.by_industry === 0 ? [byCounty, row.county!] : [byIndustry, row.industry!];
      const counts = map.get(key) ?? empty();
      const n = Number(row.n);
      if ((TYPES as readonly string[]).includes(row.type)) counts[row.type as (typeof TYPES)[number]] += n;
      counts.total += n;
      map.set(key, counts);
    }
    const sorted = <K extends string>(map: Map<string, Counts>, key: K) =>
      [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => ({ [key]: k, ...c }) as Counts & Record<K, string>);
    res.json({ year: params.year, runId: cycle.currentRunId, industryLevel: query.industryLevel, county, byCounty: sorted(byCounty, 'county'), byIndustry: sorted(byIndustry, 'industry') });
  });

  return router;
}
