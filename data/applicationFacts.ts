// What the data pool says about one household for its 名特优新 application: the facts of the gate
// (pool membership and the negative list), of the automatic criteria, and the prefilled, locked form
// fields with the department and as-of date of each value. Read at the decision date.
import type pg from 'pg';
import type { CriteriaFacts } from '../domain/category/criteria';
import type { GateFacts } from '../domain/category/gate';
import type { SharedField } from '../domain/category/applicationForm';
import { FINE_OR_HEAVIER_MEASURES } from '../domain/typing/penalties';

export interface SharedValue {
  value: unknown;
  department: string;
  asOf: string | null;
}

export interface ApplicationFacts {
  county: string;
  specialGroups: string[];
  gate: Omit<GateFacts, 'recommended' | 'specialGroups'>;
  criteria: Omit<CriteriaFacts, 'recommendedFor'>;
  shared: Partial<Record<SharedField, SharedValue>>;
}

const SQL = `
SELECT b.uscc, b.trade_name, b.operator_name, b.established_on::text AS established_on, b.county, b.industry_code, b.status,
  b.special_groups, b.department AS b_dept, b.as_of::text AS b_as_of,
  (SELECT json_build_object('type', r.type, 'run', r.run_id) FROM typing_result r
     WHERE r.uscc = b.uscc AND r.run_id = (SELECT current_run_id FROM cycle WHERE year = $2)) AS typing,
  (SELECT json_build_object('revenue', ar.revenue::float8, 'submitted', ar.submitted_on::text, 'dept', ar.department, 'asOf', ar.as_of::text)
     FROM annual_report ar WHERE ar.uscc = b.uscc AND ar.report_year = $2 - 1) AS report,
  (SELECT json_build_object('paid', t.tax_paid_total::float8, 'rating', t.credit_rating, 'abnormal', t.abnormal_taxpayer, 'dept', t.department, 'asOf', t.as_of::text)
     FROM tax_record t WHERE t.uscc = b.uscc AND t.tax_year = $2 - 1) AS tax,
  (SELECT coalesce(json_object_agg(si.year, si.insured_employees), '{}') FROM social_insurance si WHERE si.uscc = b.uscc) AS insured,
  (SELECT max(si.as_of)::text FROM social_insurance si WHERE si.uscc = b.uscc) AS insured_as_of,
  (SELECT coalesce(json_agg(json_build_object('kind', a.kind, 'giRelated', a.gi_related, 'asOf', a.as_of::text)), '[]')
     FROM ip_asset a WHERE a.uscc = b.uscc AND a.status = '有效') AS ip,
  (SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'level', d.level, 'department', d.department, 'asOf', d.as_of::text)), '[]')
     FROM designation d WHERE d.uscc = b.uscc AND d.awarded_on <= $3::date AND (d.valid_until IS NULL OR d.valid_until >= $3::date)) AS honours,
  (SELECT count(*)::int FROM business o WHERE b.operator_id_hash IS NOT NULL AND o.operator_id_hash = b.operator_id_hash AND o.status = 'ACTIVE') AS stores,
  (SELECT coalesce(json_agg(json_build_object('decidedOn', p.decided_on::text, 'publicUntil', p.public_until::text)), '[]')
     FROM administrative_penalty p WHERE p.uscc = b.uscc AND p.decided_on <= $3::date AND p.measures && $4::text[]
       AND (p.credit_repaired_on IS NULL OR p.credit_repaired_on > $3::date)) AS penalties,
  EXISTS (SELECT 1 FROM court_dishonest c WHERE c.operator_id_hash = b.operator_id_hash AND c.listed_on <= $3::date
       AND (c.removed_on IS NULL OR c.removed_on > $3::date)) AS court_dishonest,
  (SELECT coalesce(json_agg(json_build_object('occurredOn', s.occurred_on::text, 'grade', s.grade)), '[]') FROM safety_accident s WHERE s.uscc = b.uscc) AS accidents,
  EXISTS (SELECT 1 FROM abnormal_mark m WHERE m.uscc = b.uscc AND m.marked_on <= $3::date AND (m.restored_on IS NULL OR m.restored_on > $3::date)) AS abnormal,
  EXISTS (SELECT 1 FROM serious_dishonest_listing l WHERE l.uscc = b.uscc AND l.listed_on <= $3::date AND (l.removed_on IS NULL OR l.removed_on > $3::date)) AS serious
FROM business b WHERE b.uscc = $1`;

type Json = Record<string, unknown>;

/** The household's application facts at `referenceDate`, or null when the business is unknown. */
export async function readApplicationFacts(db: pg.Pool, args: { uscc: string; year: number; referenceDate: string }): Promise<ApplicationFacts | null> {
  const { rows } = await db.query(SQL, [args.uscc, args.year, args.referenceDate, FINE_OR_HEAVIER_MEASURES]);
  const r = rows[0];
  if (!r) return null;
  const typing = r.typing as { type: 'D' | 'G' | 'S' | 'UNTYPED'; run: string } | null;
  const report = r.report as Json | null;
  const tax = r.tax as Json | null;
  const ip = r.ip as Array<{ kind: CriteriaFacts['ipAssets'][number]['kind']; giRelated: boolean; asOf: string }>;
  const honours = r.honours as Array<{ kind: string; level: string; department: string; asOf: string }>;
  const insured = r.insured as Record<string, number>;
  const reg = (value: unknown): SharedValue => ({ value, department: r.b_dept, asOf: r.b_as_of });
  const ipOf = (kinds: string[]): SharedValue => ({ value: ip.filter((a) => kinds.includes(a.kind)).length, department: '知识产权', asOf: ip.map((a) => a.asOf).sort().at(-1) ?? null });
  const lastInsuredYear = Object.keys(insured).sort().at(-1);
  return {
    county: r.county,
    specialGroups: r.special_groups ?? [],
    gate: {
      type: typing?.type ?? null,
      unrepairedPenalties: r.penalties,
      operatorCourtDishonest: r.court_dishonest,
      accidents: r.accidents,
      abnormalMarkedNow: r.abnormal,
      onSeriousDishonestList: r.serious,
      previousYearAnnualReport: report !== null && String(report.submitted) <= args.referenceDate,
      taxCreditRating: (tax?.rating as string | null) ?? null,
      abnormalTaxpayer: Boolean(tax?.abnormal),
    },
    criteria: {
      establishedOn: r.established_on,
      industryCode: r.industry_code,
      ipAssets: ip.map(({ kind, giRelated }) => ({ kind, giRelated })),
      designations: honours.map(({ kind, level }) => ({ kind, level })),
      operatorStoreCount: r.stores,
      insuredEmployeesByYear: insured,
    },
    shared: {
      tradeName: reg(r.trade_name),
      operatorName: reg(r.operator_name),
      establishedOn: reg(r.established_on),
      county: reg(r.county),
      industryCode: reg(r.industry_code),
      registrationStatus: reg(r.status),
      typingResult: { value: typing?.type ?? null, department: '市场监管（分型）', asOf: null },
      revenue: { value: report?.revenue ?? null, department: String(report?.dept ?? '市场监管'), asOf: (report?.asOf as string) ?? null },
      taxPaid: { value: tax?.paid ?? null, department: String(tax?.dept ?? '税务'), asOf: (tax?.asOf as string) ?? null },
      insuredEmployees: { value: lastInsuredYear ? insured[lastInsuredYear] : null, department: '人社', asOf: r.insured_as_of },
      trademarks: ipOf(['TRADEMARK']),
      patents: ipOf(['PATENT', 'SOFTWARE']),
      geographicalIndications: ipOf(['GI']),
      honours: { value: honours.map((h) => `${h.level}级${h.kind}`), department: [...new Set(honours.map((h) => h.department))].join('、') || '各部门', asOf: honours.map((h) => h.asOf).sort().at(-1) ?? null },
      stores: reg(r.stores),
      penalties: { value: (r.penalties as unknown[]).length, department: '市场监管、信用中国', asOf: null },
      courtDishonest: { value: r.court_dishonest, department: '法院', asOf: null },
    },
  };
}
