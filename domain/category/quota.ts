// The 5% cap and the ranking (domain.md §8.5–8.6): cap_count = floor(ratio × base); applicants ranked
// by score with deterministic tie-breakers — more auto-verified criteria, then longer operation, then
// earlier application, then USCC — and every selection and non-selection explained.

export interface QuotaConfig {
  ratio: number; // PLACEHOLDER 0.05
  base: 'GROWTH_PLUS_DEVELOPMENT' | 'ALL_TYPED' | 'APPLICANTS';
}

export const DEFAULT_QUOTA: QuotaConfig = { ratio: 0.05, base: 'GROWTH_PLUS_DEVELOPMENT' };

export function capCount(config: QuotaConfig, counts: { growth: number; development: number; typed: number; applicants: number }): number {
  const base = config.base === 'GROWTH_PLUS_DEVELOPMENT' ? counts.growth + counts.development : config.base === 'ALL_TYPED' ? counts.typed : counts.applicants;
  // Exact for decimal ratios: floor(0.05 × 1000) must be 50, not 49.
  return Math.floor(Math.round(config.ratio * base * 1e6) / 1e6);
}

export interface Candidate {
  uscc: string;
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

/**
 * After an upheld objection (or a withdrawal) removes `removed`, the next-ranked unselected candidate
 * takes the slot; `unavailable` are candidates who have left (withdrawn, removed before).
 */
export function replaceRemoved(ranking: RankedCandidate[], removed: string, unavailable: string[] = []): { ranking: RankedCandidate[]; promoted: string | null } {
  const next = ranking.find((c) => c.rank !== null && !c.selected && c.uscc !== removed && !unavailable.includes(c.uscc));
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
