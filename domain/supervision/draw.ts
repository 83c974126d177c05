// Differentiated 双随机 supervision (docs/policy.md#p-inspection-plan, docs/policy.md#p-inspection-draw): the
// plan's ratios by segment and the reproducible draw. Pure: anyone holding the published seed and the
// frozen population recomputes the same list and the same inspectors (SHA-256 is in every language).
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const SEGMENTS = ['CATEGORY', 'D', 'G', 'S', 'UNTYPED', 'RISK'] as const;
export type Segment = (typeof SEGMENTS)[number];
export const SEGMENT_LABELS: Record<Segment, string> = { CATEGORY: '名特优新', D: '发展型', G: '成长型', S: '生存型', UNTYPED: '未分型', RISK: '风险（异常、近期处罚、投诉聚集）' };

/** Default multipliers of r0 (PLACEHOLDER: no numeric ratios were found; docs/policy.md#p-inspection-plan). */
export const DEFAULT_MULTIPLIERS: Record<Segment, number> = { CATEGORY: 0.5, D: 0.8, G: 1, S: 1, UNTYPED: 1, RISK: 2 };
/** 名特优新 households are inspected at most once in this many years unless in the RISK segment (complaints). */
export const DEFAULT_FREQUENCY_YEARS = 2;
export const INSPECTORS_PER_HOUSEHOLD = 2;

export const planInputSchema = z
  .strictObject({
    period: z.string().regex(/^\d{4}(-Q[1-4])?$/, '期间格式为 YYYY 或 YYYY-Qn'),
    r0: z.number().positive().max(1),
    multipliers: z.strictObject(Object.fromEntries(SEGMENTS.map((s) => [s, z.number().nonnegative().max(100)])) as Record<Segment, z.ZodNumber>).partial().default({}),
    frequencyYears: z.number().int().min(0).max(10).default(DEFAULT_FREQUENCY_YEARS),
    /** A complaint cluster: this many complaints within riskMonths (PLACEHOLDER 3 in 12). */
    riskComplaints: z.number().int().min(1).max(100).default(3),
    riskMonths: z.number().int().min(1).max(60).default(12),
    roster: z.record(z.string().regex(/^\d{6}$/), z.array(z.string().trim().min(1).max(40)).min(1).max(500)),
  })
  .transform((p) => ({ ...p, multipliers: { ...DEFAULT_MULTIPLIERS, ...p.multipliers } }));
export type PlanInput = z.output<typeof planInputSchema>;

/** The segments whose ratio r0 × multiplier exceeds 1: a plan with any is refused. */
export function ratiosAboveOne(r0: number, multipliers: Record<Segment, number>): Segment[] {
  return SEGMENTS.filter((s) => r0 * multipliers[s] > 1 + 1e-12);
}

/** How many of a segment are drawn: round half up of ratio × eligible size (docs/policy.md#p-inspection-draw). */
export function segmentQuota(ratio: number, eligible: number): number {
  return Math.floor(ratio * eligible + 0.5 + 1e-9);
}

const rank = (seed: string, key: string) => createHash('sha256').update(`${seed}:${key}`).digest('hex');

export interface Candidate {
  uscc: string;
  county: string;
  segment: Segment;
  excluded: string | null;
}

export interface Drawn {
  uscc: string;
  county: string;
  segment: Segment;
  inspectors: string[];
}

/** SHA-256 of the frozen population in USCC order ("uscc,county,segment,excluded" lines): what the plan publishes. */
export function populationDigest(population: Candidate[]): string {
  const hash = createHash('sha256');
  for (const c of [...population].sort((a, b) => (a.uscc < b.uscc ? -1 : 1))) hash.update(`${c.uscc},${c.county},${c.segment},${c.excluded ?? ''}\n`);
  return hash.digest('hex');
}

/**
 * The draw: in each segment, the eligible households ordered by SHA-256(seed:uscc), the first
 * round(ratio × eligible) taken; then for each, its county's inspectors ordered by
 * SHA-256(seed:uscc:inspector), the first two taken.
 */
export function drawInspections(seed: string, r0: number, multipliers: Record<Segment, number>, population: Candidate[], roster: Record<string, string[]>): Drawn[] {
  const drawn: Drawn[] = [];
  for (const segment of SEGMENTS) {
    const eligible = population.filter((c) => c.segment === segment && c.excluded === null);
    const n = segmentQuota(Math.min(1, r0 * multipliers[segment]), eligible.length);
    const ordered = eligible.map((c) => ({ c, key: rank(seed, c.uscc) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { c } of ordered.slice(0, n)) {
      const inspectors = (roster[c.county] ?? [])
        .map((name) => ({ name, key: rank(seed, `${c.uscc}:${name}`) }))
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .slice(0, INSPECTORS_PER_HOUSEHOLD)
        .map((i) => i.name);
      drawn.push({ uscc: c.uscc, county: c.county, segment, inspectors });
    }
  }
  return drawn.sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
}
