// The 5% cap and the ranking (docs/policy.md#p-quota, docs/policy.md#p-rank): cap_count = floor(ratio × base), city-wide or
// shared among the counties; applicants ranked by score with deterministic tie-breakers — more
// auto-verified criteria, then longer operation, then earlier application, then USCC — and every
// selection and non-selection explained.

export interface QuotaConfig {
  ratio: number; // PLACEHOLDER 0.05
  base: 'GROWTH_PLUS_DEVELOPMENT' | 'ALL_TYPED' | 'APPLICANTS';
  /** Rank city-wide, or within each county on its pro-rata share of the city's cap (PLACEHOLDER CITY). */
  unit?: 'CITY' | 'COUNTY';
}

export const DEFAULT_QUOTA: QuotaConfig = { ratio: 0.05, base: 'GROWTH_PLUS_DEVELOPMENT', unit: 'CITY' };

export interface QuotaCounts {
  growth: number;
  development: number;
  typed: number;
  applicants: number;
}

export function quotaBase(config: QuotaConfig, counts: QuotaCounts): number {
  return config.base === 'GROWTH_PLUS_DEVELOPMENT' ? counts.growth + counts.development : config.base === 'ALL_TYPED' ? counts.typed : counts.applicants;
}

export function capCount(config: QuotaConfig, counts: QuotaCounts): number {
  // Exact for decimal ratios: floor(0.05 × 1000) must be 50, not 49.
  return Math.floor(Math.round(config.ratio * quotaBase(config, counts) * 1e6) / 1e6);
}

/**
 * The city's cap shared among the counties in proportion to their bases (docs/policy.md#p-quota-county):
 * each county gets the floor of its share, and the seats
 * left go to the largest remainders (ties by county code), so the caps add up to the city's cap.
 */
export function countyCaps(config: QuotaConfig, byCounty: Record<string, QuotaCounts>): Record<string, number> {
  const counties = Object.keys(byCounty).sort();
  const total = counties.reduce(
    (t, c) => ({ growth: t.growth + byCounty[c]!.growth, development: t.development + byCounty[c]!.development, typed: t.typed + byCounty[c]!.typed, applicants: t.applicants + byCounty[c]!.applicants }),
    { growth: 0, development: 0, typed: 0, applicants: 0 },
  );
  const cityCap = capCount(config, total);
  const cityBase = quotaBase(config, total);
  const caps: Record<string, number> = {};
  if (cityBase === 0) return Object.fromEntries(counties.map((c) => [c, 0]));
  const shares = counties.map((c) => ({ county: c, exact: (cityCap * quotaBase(config, byCounty[c]!)) / cityBase }));
  for (const s of shares) caps[s.county] = Math.floor(s.exact);
  let left = cityCap - Object.values(caps).reduce((a, b) => a + b, 0);
  for (const s of [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.county.localeCompare(b.county))) {
    if (left-- <= 0) break;
    caps[s.county]! += 1;
  }
  return caps;
}

export interface Candidate {
  uscc: string;
  /** The cap unit the candidate is ranked in (its county when the unit is COUNTY; absent city-wide). */
  unit?: string;
  score: number;
  passedPassLine: boolean;
  autoVerifiedCriteria: number;
  establishedOn: string;
  appliedAt: string;
}

export interface RankedCandidate extends Candidate {
  rank: number | null;
  selected: boolean;
  explanation: string;
}

/** The ordering of candidates: a total order, so the same inputs always give the same ranking. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    b.score - a.score ||
    b.autoVerifiedCriteria - a.autoVerifiedCriteria ||
    a.establishedOn.localeCompare(b.establishedOn) ||
    a.appliedAt.localeCompare(b.appliedAt) ||
    a.uscc.localeCompare(b.uscc)
  );
}

export function rankAndSelect(candidates: Candidate[], cap: number): RankedCandidate[] {
  const eligible = candidates.filter((c) => c.passedPassLine).sort(compareCandidates);
  const ranked: RankedCandidate[] = eligible.map((c, i) => {
    const selected = i < cap;
    const tie = i > 0 && eligible[i - 1]!.score === c.score;
    return {
      ...c,
      rank: i + 1,
      selected,
      explanation: selected
        ? `得分 ${c.score}，排名第 ${i + 1}，在名额 ${cap} 名以内，入选${tie ? '（同分按自动核验条件数、经营年限、申请时间排序）' : ''}`
        : `得分 ${c.score}，排名第 ${i + 1}，超出名额 ${cap} 名，未入选`,
    };
  });
  const belowLine = candidates
    .filter((c) => !c.passedPassLine)
    .sort(compareCandidates)
    .map((c) => ({ ...c, rank: null, selected: false, explanation: `得分 ${c.score}，未达到及格线或有否决项，不参与排名` }));
  return [...ranked, ...belowLine];
}

/** Ranks each unit's candidates within that unit's cap (a unit without a cap selects nobody). */
export function rankAndSelectByUnit(candidates: Candidate[], caps: Record<string, number>, unitLabel: (unit: string) => string = (u) => u): RankedCandidate[] {
  const units = [...new Set(candidates.map((c) => c.unit ?? ''))].sort();
  return units.flatMap((unit) =>
    rankAndSelect(candidates.filter((c) => (c.unit ?? '') === unit), caps[unit] ?? 0).map((c) => ({ ...c, explanation: `${unitLabel(unit)}：${c.explanation}` })),
  );
}

/**
 * After an upheld objection (or a withdrawal) removes `removed`, the next-ranked unselected candidate
 * takes the slot; `unavailable` are candidates who have left (withdrawn, removed before).
 */
export function replaceRemoved(ranking: RankedCandidate[], removed: string, unavailable: string[] = []): { ranking: RankedCandidate[]; promoted: string | null } {
  const unit = ranking.find((c) => c.uscc === removed)?.unit;
  const next = ranking.find((c) => c.rank !== null && !c.selected && c.uscc !== removed && c.unit === unit && !unavailable.includes(c.uscc));
  const wasSelected = ranking.some((c) => c.uscc === removed && c.selected);
  return {
    promoted: wasSelected && next ? next.uscc : null,
    ranking: ranking.map((c) => {
      if (c.uscc === removed) return { ...c, selected: false, explanation: `${c.explanation}；公示期异议成立，取消入选` };
      if (wasSelected && next && c.uscc === next.uscc) return { ...c, selected: true, explanation: `${c.explanation}；因排名在前者异议成立取消，依次递补入选` };
      return c;
    }),
  };
}
