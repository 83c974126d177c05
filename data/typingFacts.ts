// Reads a page of businesses' facts at the reference date R from the data pool, in one query.
import type pg from 'pg';
import type { BusinessFacts, RegistrationStatus } from '../domain/typing/facts';
import { FINE_OR_HEAVIER_MEASURES } from '../domain/typing/penalties';

// Set-based on purpose: every source is restricted to the page's USCC range and hash-joined, which is
// several times faster than per-row lookups (LATERAL … LIMIT 1) at a million businesses.
const FACTS_SQL = `
WITH b AS (SELECT * FROM business WHERE uscc > $1 AND uscc <= $2),
am AS (SELECT DISTINCT ON (uscc) uscc, marked_on, department, as_of FROM abnormal_mark
  WHERE uscc > $1 AND uscc <= $2 AND marked_on <= $4::date AND (restored_on IS NULL OR restored_on > $4::date)
  ORDER BY uscc, marked_on DESC),
p AS (SELECT DISTINCT ON (uscc) uscc, decided_on, department, as_of FROM administrative_penalty
  WHERE uscc > $1 AND uscc <= $2 AND decided_on <= $4::date AND measures && $5::text[]
    AND (credit_repaired_on IS NULL OR credit_repaired_on > $4::date)
  ORDER BY uscc, decided_on DESC),
sd AS (SELECT DISTINCT ON (uscc) uscc, listed_on, department, as_of FROM serious_dishonest_listing
  WHERE uscc > $1 AND uscc <= $2 AND listed_on <= $4::date AND (removed_on IS NULL OR removed_on > $4::date)
  ORDER BY uscc, listed_on DESC),
corr AS (SELECT uscc, json_object_agg(feature, json_build_array(value::float8, corrector_name, corrected_at::date::text)) AS values
  FROM (SELECT DISTINCT ON (uscc, feature) uscc, feature, value, corrector_name, corrected_at FROM correction
        WHERE year = $3 + 1 AND uscc > $1 AND uscc <= $2 ORDER BY uscc, feature, corrected_at DESC) latest
  GROUP BY uscc),
cd AS (SELECT DISTINCT ON (operator_id_hash) operator_id_hash, listed_on, department, as_of FROM court_dishonest
  WHERE listed_on <= $4::date AND (removed_on IS NULL OR removed_on > $4::date)
  ORDER BY operator_id_hash, listed_on DESC)
SELECT b.uscc, b.status, b.established_on::text AS established_on, b.department AS b_dept, b.as_of::text AS b_as_of,
  ar.submitted_on::text AS ar_submitted, ar.revenue::float8 AS ar_revenue, ar.employees_count AS ar_employees,
  ar.department AS ar_dept, ar.as_of::text AS ar_as_of,
  t.tax_paid_total::float8 AS t_paid, t.invoiced_sales::float8 AS t_sales, t.credit_rating AS t_rating,
  t.department AS t_dept, t.as_of::text AS t_as_of,
  si.insured_employees AS si_count, si.department AS si_dept, si.as_of::text AS si_as_of,
  am.marked_on::text AS am_on, am.department AS am_dept, am.as_of::text AS am_as_of,
  p.decided_on::text AS p_on, p.department AS p_dept, p.as_of::text AS p_as_of,
  sd.listed_on::text AS sd_on, sd.department AS sd_dept, sd.as_of::text AS sd_as_of,
  cd.listed_on::text AS cd_on, cd.department AS cd_dept, cd.as_of::text AS cd_as_of,
  corr.values AS corrections
FROM b
LEFT JOIN annual_report ar ON ar.uscc = b.uscc AND ar.report_year = $3 AND ar.submitted_on <= $4::date
  AND ar.uscc > $1 AND ar.uscc <= $2
LEFT JOIN tax_record t ON t.uscc = b.uscc AND t.tax_year = $3 AND t.uscc > $1 AND t.uscc <= $2
LEFT JOIN social_insurance si ON si.uscc = b.uscc AND si.year = $3 AND si.uscc > $1 AND si.uscc <= $2
LEFT JOIN am ON am.uscc = b.uscc
LEFT JOIN p ON p.uscc = b.uscc
LEFT JOIN sd ON sd.uscc = b.uscc
LEFT JOIN cd ON cd.operator_id_hash = b.operator_id_hash
LEFT JOIN corr ON corr.uscc = b.uscc`;

type Row = Record<string, string | number | null> & { corrections: Record<string, [number, string, string]> | null };

const sourced = <T>(value: T, dept: unknown, asOf: unknown) => ({ value, department: String(dept), asOf: String(asOf) });

function toFacts(r: Row): BusinessFacts {
  return {
    uscc: String(r.uscc),
    status: sourced(r.status as RegistrationStatus, r.b_dept, r.b_as_of),
    establishedOn: sourced(String(r.established_on), r.b_dept, r.b_as_of),
    annualReport: r.ar_submitted
      ? sourced({ submittedOn: String(r.ar_submitted), revenue: r.ar_revenue as number | null, employeesCount: r.ar_employees as number | null }, r.ar_dept, r.ar_as_of)
      : null,
    tax: r.t_dept
      ? sourced({ taxPaidTotal: r.t_paid as number | null, invoicedSales: r.t_sales as number | null, creditRating: r.t_rating as string | null }, r.t_dept, r.t_as_of)
      : null,
    insuredEmployees: r.si_dept ? sourced(Number(r.si_count), r.si_dept, r.si_as_of) : null,
    abnormalMarkedOn: r.am_on ? sourced(String(r.am_on), r.am_dept, r.am_as_of) : null,
    latestUnrepairedPenaltyOn: r.p_on ? sourced(String(r.p_on), r.p_dept, r.p_as_of) : null,
    seriousDishonestListedOn: r.sd_on ? sourced(String(r.sd_on), r.sd_dept, r.sd_as_of) : null,
    courtDishonestListedOn: r.cd_on ? sourced(String(r.cd_on), r.cd_dept, r.cd_as_of) : null,
    corrections: Object.fromEntries(
      Object.entries(r.corrections ?? {}).map(([feature, [value, by, on]]) => [feature, { value, department: '市场监管（复核更正）', asOf: on, correctedBy: by }]),
    ),
  };
}

/** Facts of the businesses with USCC in (after, upTo] (in no particular order). */
export async function readFacts(
  db: pg.Pool | pg.PoolClient,
  page: { after: string; upTo: string; year: number; referenceDate: string },
): Promise<BusinessFacts[]> {
  const { rows } = await db.query<Row>(FACTS_SQL, [page.after, page.upTo, page.year - 1, page.referenceDate, FINE_OR_HEAVIER_MEASURES]);
  return rows.map(toFacts);
}
