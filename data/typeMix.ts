// The type mix of a run's typing results by county and by industry, in one statement: GROUPING SETS
// give both breakdowns at once (api/routes/typeMix.ts shapes them; bench/typeMix.ts times it).
import type pg from 'pg';
import { industrySectionSql } from '../domain/industrySections';

/** The one statement: $1 the run, $2 the county or null. */
export function typeMixSql(level: 'section' | 'division'): string {
  const industry = level === 'section' ? industrySectionSql('b.industry_code') : `CASE WHEN b.industry_code ~ '^[0-9]{2}' THEN substr(b.industry_code, 1, 2) END`;
  return `SELECT county, industry, type, count(*) AS n, GROUPING(county) AS by_industry
     FROM (SELECT b.county, COALESCE(${industry}, '?') AS industry, r.type
             FROM typing_result r JOIN business b ON b.uscc = r.uscc
            WHERE r.run_id = $1 AND ($2::text IS NULL OR b.county = $2)) typed
    GROUP BY GROUPING SETS ((county, type), (industry, type))`;
}

export interface TypeMixRow { county: string | null; industry: string | null; type: string; n: string; by_industry: number }

/** The run's counts by (county, type) — by_industry 0 — and by (industry, type) — by_industry 1; of one county when given. */
export async function typeMixRows(pool: pg.Pool, level: 'section' | 'division', runId: string, county: string | null): Promise<TypeMixRow[]> {
  const { rows } = await pool.query<TypeMixRow>(typeMixSql(level), [runId, county]);
  return rows;
}
