// The base list's rows (docs/policy.md#p-base-list): who the data suggest among the year's eligible households,
// the candidates a sector department sees, and the one invitation each.
import type pg from 'pg';

export interface BaseListCandidateRow {
  year: number;
  uscc: string;
  county: string;
  industryCode: string;
  typingType: string;
  suggestedCategory: string;
  reasons: unknown;
  sectors: string[];
}

/**
 * Households of the run typed 成长型 or 发展型, still 存续, holding a valid IP asset or a designation or
 * honour in force at `referenceDate`, with the departments that awarded those honours. Set-based: one
 * statement over the run's results.
 */
export async function baseListSources(pool: pg.Pool, args: { runId: string; referenceDate: string }): Promise<Array<{ uscc: string; type: string; honourDepartments: string[] }>> {
  const { rows } = await pool.query(
    `SELECT r.uscc, r.type,
       coalesce((SELECT array_agg(DISTINCT d.department ORDER BY d.department) FROM designation d
                 WHERE d.uscc = r.uscc AND d.awarded_on <= $2::date AND (d.valid_until IS NULL OR d.valid_until >= $2::date)), '{}') AS "honourDepartments"
     FROM typing_result r JOIN business b ON b.uscc = r.uscc
     WHERE r.run_id = $1 AND r.type IN ('G', 'D') AND b.status = 'ACTIVE'
       AND (EXISTS (SELECT 1 FROM ip_asset a WHERE a.uscc = r.uscc AND a.status = '有效')
         OR EXISTS (SELECT 1 FROM designation d WHERE d.uscc = r.uscc AND d.awarded_on <= $2::date AND (d.valid_until IS NULL OR d.valid_until >= $2::date)))
     ORDER BY r.uscc`,
    [args.runId, args.referenceDate],
  );
  return rows;
}

/** Records a candidate (again: the suggestion is refreshed, the invitation kept). */
export async function upsertBaseListCandidate(pool: pg.Pool, c: BaseListCandidateRow): Promise<void> {
  await pool.query(
    `INSERT INTO base_list_candidate (year, uscc, county, industry_code, typing_type, suggested_category, reasons, sectors)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (year, uscc) DO UPDATE SET county = EXCLUDED.county, industry_code = EXCLUDED.industry_code, typing_type = EXCLUDED.typing_type,
       suggested_category = EXCLUDED.suggested_category, reasons = EXCLUDED.reasons, sectors = EXCLUDED.sectors`,
    [c.year, c.uscc, c.county, c.industryCode, c.typingType, c.suggestedCategory, JSON.stringify(c.reasons), c.sectors],
  );
}

export async function uninvitedCandidates(pool: pg.Pool, year: number, limit = 500): Promise<Array<{ uscc: string; suggestedCategory: string }>> {
  const { rows } = await pool.query(
    'SELECT uscc, suggested_category AS "suggestedCategory" FROM base_list_candidate WHERE year = $1 AND invited_at IS NULL ORDER BY uscc LIMIT $2',
    [year, limit],
  );
  return rows;
}

/** Marks the invitation sent (once: a candidate already invited stays as it was). */
export async function markInvited(pool: pg.Pool, year: number, uscc: string, recipients: number): Promise<void> {
  await pool.query('UPDATE base_list_candidate SET invited_at = now(), invitation_recipients = $3 WHERE year = $1 AND uscc = $2 AND invited_at IS NULL', [year, uscc, recipients]);
}

export interface BaseListFilter {
  year: number;
  /** A sector department sees only the candidates of its sector. */
  department: string | null;
  county: string | null;
  category: string | null;
  after: string;
  limit: number;
}

export async function listBaseList(pool: pg.Pool, f: BaseListFilter) {
  const { rows } = await pool.query(
    `SELECT c.uscc, b.trade_name AS "tradeName", c.county, c.industry_code AS "industryCode", c.typing_type AS "typingType",
            c.suggested_category AS "suggestedCategory", c.reasons, c.sectors, c.invited_at AS "invitedAt"
     FROM base_list_candidate c JOIN business b ON b.uscc = c.uscc
     WHERE c.year = $1 AND ($2::text IS NULL OR $2 = ANY(c.sectors)) AND ($3::text IS NULL OR c.county = $3)
       AND ($4::text IS NULL OR c.suggested_category = $4) AND c.uscc > $5
     ORDER BY c.uscc LIMIT $6`,
    [f.year, f.department, f.county, f.category, f.after, f.limit + 1],
  );
  return rows as Array<{ uscc: string; tradeName: string | null; county: string; industryCode: string; typingType: string; suggestedCategory: string; reasons: unknown; sectors: string[]; invitedAt: Date | null }>;
}
