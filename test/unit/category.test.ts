import { describe, expect, it } from 'vitest';
import { refusedFields } from '../../domain/category/applicationForm';
import type { CategoryCode } from '../../domain/category/categories';
import { categoryConfigWith } from '../../domain/category/categoryConfig';
import { autoVerifiedCount, evaluateCriteria, type CriteriaFacts } from '../../domain/category/criteria';
import { DEFAULT_GATE_CONFIG, evaluateGate, type GateFacts } from '../../domain/category/gate';
import { capCount, compareCandidates, countyCaps, DEFAULT_QUOTA, rankAndSelect, rankAndSelectByUnit, replaceRemoved, type Candidate } from '../../domain/category/quota';
import { combineScores, DEFAULT_SCORE_SHEET, scoreProblems } from '../../domain/category/scoreSheet';

const D = '2026-10-10';
const clean = (overrides: Partial<GateFacts> = {}): GateFacts => ({
  type: 'G', recommended: false, specialGroups: [], unrepairedPenalties: [], operatorCourtDishonest: false, accidents: [],
  abnormalMarkedNow: false, onSeriousDishonestList: false, previousYearAnnualReport: true, taxCreditRating: null, abnormalTaxpayer: false, ...overrides,
});

describe('gate (docs/policy.md#p-gate)', () => {
  it('refuses a 生存型 household without a recommendation, with the reason', () => {
    const r = evaluateGate(clean({ type: 'S' }), D);
    expect(r).toMatchObject({ passed: false, via: null, refusals: [{ code: 'NOT_IN_POOL' }] });
    expect(r.refusals[0]!.reason).toContain('成长型或发展型');
  });

  it('lets a recommendation or a special group relax the type restriction', () => {
    expect(evaluateGate(clean({ type: 'S', recommended: true }), D)).toMatchObject({ passed: true, via: 'RECOMMENDATION' });
    expect(evaluateGate(clean({ type: 'S', specialGroups: ['退役军人'] }), D)).toMatchObject({ passed: true, via: 'SPECIAL_GROUP' });
  });

  it('refuses a 失信被执行人 operator even with a recommendation', () => {
    const r = evaluateGate(clean({ type: 'S', recommended: true, operatorCourtDishonest: true }), D);
    expect(r.passed).toBe(false);
    expect(r.refusals.map((x) => x.code)).toEqual(['N2']);
  });

  it('applies the penalty window and publication rule of N1 exactly', () => {
    const penalty = (decidedOn: string, publicUntil: string | null = null) => evaluateGate(clean({ unrepairedPenalties: [{ decidedOn, publicUntil }] }), D);
    const published = '2027-12-31';
    expect(penalty('2024-10-11', published).refusals.map((x) => x.code)).toEqual(['N1']); // 23 months
    // decided_on ≥ D − 24 months: a penalty exactly 24 months old is inside the window, the day before is not.
    expect(penalty('2024-10-10', published).refusals).toEqual([{ code: 'N1', reason: expect.stringContaining('2024-10-10') }]);
    expect(penalty('2024-10-09', published).passed).toBe(true);
    expect(penalty('2026-10-11', published).passed).toBe(true); // after D
    expect(penalty('2026-01-01', '2026-04-01').passed).toBe(true); // no longer published
    expect(penalty('2026-01-01', '2026-10-10').passed).toBe(true); // public_until > D: published until D is not after it
    expect(penalty('2026-01-01', '2026-10-11').passed).toBe(false);
    const twelve = { ...DEFAULT_GATE_CONFIG, penaltyWindowMonths: 12 };
    expect(evaluateGate(clean({ unrepairedPenalties: [{ decidedOn: '2025-10-10', publicUntil: published }] }), D, twelve).passed).toBe(false);
    expect(evaluateGate(clean({ unrepairedPenalties: [{ decidedOn: '2025-10-09', publicUntil: published }] }), D, twelve).passed).toBe(true);
    // The edge from a month-end: Aug 31 − 24 months clamps to Aug 31; Feb 29 − 12 months to Feb 28.
    expect(evaluateGate(clean({ unrepairedPenalties: [{ decidedOn: '2024-08-31', publicUntil: published }] }), '2026-08-31').passed).toBe(false);
    expect(evaluateGate(clean({ unrepairedPenalties: [{ decidedOn: '2023-02-28', publicUntil: published }] }), '2024-02-29', twelve).passed).toBe(false);
    expect(evaluateGate(clean({ unrepairedPenalties: [{ decidedOn: '2023-02-27', publicUntil: published }] }), '2024-02-29', twelve).passed).toBe(true);
  });

  it('does not count a penalty without public_until as published (a comparison on a missing value is false), and says so', () => {
    const r = evaluateGate(clean({ unrepairedPenalties: [{ decidedOn: '2026-01-01', publicUntil: null }] }), D);
    expect(r).toMatchObject({ passed: true, refusals: [] });
    expect(r.notes).toEqual([expect.stringContaining('2026-01-01 的罚款及以上行政处罚缺少公示截止日期')]);
    expect(evaluateGate(clean(), D).notes).toBeUndefined();
    // With the publication rule off, the missing date does not matter.
    expect(evaluateGate(clean({ unrepairedPenalties: [{ decidedOn: '2026-01-01', publicUntil: null }] }), D, { ...DEFAULT_GATE_CONFIG, penaltyMustBePublic: false }).passed).toBe(false);
  });

  it('keeps the first N1 reading for settings recorded before the edition (their applications replay as they ran)', () => {
    const { n1Edition: _, ...first } = DEFAULT_GATE_CONFIG;
    expect(evaluateGate(clean({ unrepairedPenalties: [{ decidedOn: '2024-10-10', publicUntil: null }] }), D, first).passed).toBe(true);
    expect(evaluateGate(clean({ unrepairedPenalties: [{ decidedOn: '2024-10-11', publicUntil: null }] }), D, first).passed).toBe(false);
  });

  it('lists every negative-list hit: accidents by grade and window, abnormal, serious list, annual report, tax', () => {
    expect(evaluateGate(clean({ accidents: [{ occurredOn: '2026-01-01', grade: '较大' }] }), D).passed).toBe(true);
    const r = evaluateGate(
      clean({ accidents: [{ occurredOn: '2026-01-01', grade: '重大' }], abnormalMarkedNow: true, onSeriousDishonestList: true, previousYearAnnualReport: false, taxCreditRating: 'D' }),
      D,
    );
    expect(r.refusals.map((x) => x.code)).toEqual(['N3', 'N4', 'N5', 'N6', 'N7']);
    for (const x of r.refusals) expect(x.reason).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('quota and ranking (docs/policy.md#p-quota, docs/policy.md#p-rank)', () => {
  it('computes floor(ratio × base) without floating-point surprises', () => {
    expect(capCount(DEFAULT_QUOTA, { growth: 950, development: 50, typed: 20_000, applicants: 80 })).toBe(50);
    expect(capCount({ ratio: 0.57, base: 'ALL_TYPED' }, { growth: 0, development: 0, typed: 100, applicants: 0 })).toBe(57);
    expect(capCount({ ratio: 0.05, base: 'APPLICANTS' }, { growth: 0, development: 0, typed: 0, applicants: 39 })).toBe(1);
  });

  const candidates: Candidate[] = Array.from({ length: 60 }, (_, i) => ({
    uscc: `92421303MA${String(i).padStart(8, '0')}`,
    score: 90 - Math.floor(i / 2), // pairs of equal scores
    passedPassLine: i < 58,
    autoVerifiedCriteria: i % 2 === 0 ? 1 : 2,
    establishedOn: '2015-01-01',
    appliedAt: `2026-08-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`,
  }));

  it('selects exactly the cap, by score and then the tie-breakers, and explains everyone', () => {
    const ranking = rankAndSelect(candidates, 50);
    expect(ranking.filter((c) => c.selected)).toHaveLength(50);
    // Within each pair of equal scores, the one with more auto-verified criteria ranks first.
    expect(ranking[0]!.autoVerifiedCriteria).toBe(2);
    expect(ranking[1]!.autoVerifiedCriteria).toBe(1);
    expect(ranking.filter((c) => c.rank === null)).toHaveLength(2);
    for (const c of ranking) expect(c.explanation).toMatch(/得分/);
    const shuffled = [...candidates].reverse();
    expect(rankAndSelect(shuffled, 50).map((c) => c.uscc)).toEqual(ranking.map((c) => c.uscc)); // deterministic
    expect([...candidates].sort(compareCandidates)[0]!.uscc).toBe(ranking[0]!.uscc);
  });

  it('gives the slot of an applicant removed by an upheld objection to the next-ranked', () => {
    const ranking = rankAndSelect(candidates, 50);
    const removed = ranking[9]!.uscc;
    const next = ranking[50]!.uscc;
    const after = replaceRemoved(ranking, removed);
    expect(after.promoted).toBe(next);
    expect(after.ranking.filter((c) => c.selected)).toHaveLength(50);
    expect(after.ranking.find((c) => c.uscc === removed)!.explanation).toContain('异议成立');
  });
});

describe('score sheet (docs/policy.md#p-score)', () => {
  const full = { A: 18, B: 15, C: 25, D: 10, E: 10 };
  it('refuses out-of-range scores and a missing conflict-of-interest declaration', () => {
    expect(scoreProblems(DEFAULT_SCORE_SHEET, { assessorId: 'a', sections: full, veto: false, noConflictDeclared: true })).toEqual([]);
    const bad = scoreProblems(DEFAULT_SCORE_SHEET, { assessorId: 'a', sections: { ...full, C: 31, X: 1 }, veto: false, noConflictDeclared: false });
    expect(bad).toHaveLength(3);
  });

  it('averages two assessors, applies the pass line, and lets any veto fail it', () => {
    const a = { assessorId: 'a', sections: full, veto: false, noConflictDeclared: true }; // 78
    const b = { assessorId: 'b', sections: { A: 10, B: 10, C: 15, D: 5, E: 5 }, veto: false, noConflictDeclared: true }; // 45
    expect(combineScores(DEFAULT_SCORE_SHEET, [a, b])).toEqual({ total: 61.5, passed: true, veto: false });
    expect(combineScores(DEFAULT_SCORE_SHEET, [a, { ...b, veto: true }]).passed).toBe(false);
  });
});

describe('category criteria (docs/policy.md#p-crit)', () => {
  const facts: CriteriaFacts = {
    establishedOn: '2012-05-01', industryCode: '0141', ipAssets: [{ kind: 'GI', giRelated: true }, { kind: 'PATENT', giRelated: false }],
    designations: [{ kind: '非遗工坊', level: '市' }], operatorStoreCount: 3, insuredEmployeesByYear: { 2024: 4, 2023: 2 }, recommendedFor: ['TE'],
  };
  const byCode = (category: CategoryCode) => Object.fromEntries(evaluateCriteria(category, facts, 2025, '2025-10-01').map((r) => [r.code, r]));

  it('decides from shared data what data can decide, and leaves the rest to reviewers', () => {
    const ming = byCode('MING');
    expect(ming.M1).toMatchObject({ met: false, decidedBy: 'DATA' });
    expect(ming.M4).toMatchObject({ met: true, evidence: '同一经营者名下 3 户（标准 3 户）' });
    expect(ming.M3).toMatchObject({ met: null, decidedBy: null, mode: 'ASSESS' });
    const te = byCode('TE');
    expect(te.T1!.met).toBe(true);
    expect(te.T5).toMatchObject({ met: null, evidence: expect.stringContaining('待审核确认') }); // a specialty industry is only a candidate
    expect(te.T7!.met).toBe(true); // recommended for this category
    const you = byCode('YOU');
    expect(you.Y1).toMatchObject({ met: true, evidence: '经营 13 年（标准 10 年）' });
    expect(you.Y2!.met).toBe(true);
    expect(you.Y6!.met).toBe(false); // 2 insured in 2023: not two consecutive years at 3
    expect(you.Y7!.met).toBe(false); // the recommendation was for 特色
    expect(byCode('XIN').X3!.met).toBe(true);
    expect(autoVerifiedCount(evaluateCriteria('YOU', facts, 2025, '2025-10-01'))).toBe(2);
  });
});

describe('the declaration form', () => {
  it('refuses department-supplied fields by name and unknown ones, for values and for evidence', () => {
    expect(refusedFields({ onlineFollowers: 10, specialtyDescription: '泡泡青' })).toEqual([]);
    expect(refusedFields({ insuredEmployees: 8, nickname: 'x' }, [{ field: 'honours' }])).toEqual([
      { field: 'fields.insuredEmployees', code: 'DEPARTMENT_SUPPLIED_FIELD', message: '「参保职工人数」由人社部门共享提供，无需也不能由经营者填报或上传材料' },
      { field: 'fields.nickname', code: 'UNKNOWN_FIELD', message: '申报表中没有「nickname」这一项' },
      { field: 'evidence[0].field', code: 'DEPARTMENT_SUPPLIED_FIELD', message: expect.stringContaining('荣誉与认定') },
    ]);
  });

  it('applies a cycle\'s overrides on top of the defaults', () => {
    const config = categoryConfigWith({ quotaRatio: 0.03, passLine: 70 });
    expect(config.quota).toEqual({ ratio: 0.03, base: 'GROWTH_PLUS_DEVELOPMENT', unit: 'CITY' });
    expect(config.scoreSheet.passLine).toBe(70);
    expect(config.noticeWorkingDays).toBe(5);
    expect(capCount(config.quota, { growth: 1_000, development: 0, typed: 20_000, applicants: 80 })).toBe(30);
  });
});

describe('quota by county (docs/policy.md#p-quota-county)', () => {
  const county = { ...DEFAULT_QUOTA, unit: 'COUNTY' as const };
  const counts = (growth: number, development = 0) => ({ growth, development, typed: growth * 10, applicants: 0 });

  it('shares the city cap pro rata, the seats left going to the largest remainders', () => {
    // City: 1,000 → 50. Shares 21.5, 15.75, 12.75 → floors 21, 15, 12 (48); two more to .75, .75 (by code).
    const caps = countyCaps(county, { '421303': counts(430), '421321': counts(315), '421381': counts(255) });
    expect(caps).toEqual({ '421303': 21, '421321': 16, '421381': 13 });
    expect(Object.values(caps).reduce((a, b) => a + b, 0)).toBe(50);
    expect(countyCaps(county, { '421303': counts(0), '421321': counts(0) })).toEqual({ '421303': 0, '421321': 0 });
  });

  it('ranks within each county, and promotes only within the removed applicant\'s county', () => {
    const inCounty = (unit: string, n: number, top: number): Candidate[] => Array.from({ length: n }, (_, i) => ({
      uscc: `${unit}-${i}`, unit, score: top - i, passedPassLine: true, autoVerifiedCriteria: 0, establishedOn: '2015-01-01', appliedAt: '2026-08-01T00:00:00Z',
    }));
    // 曾都区 has the higher scores, but 随县 keeps its two seats.
    const ranking = rankAndSelectByUnit([...inCounty('421303', 5, 99), ...inCounty('421321', 4, 70)], { '421303': 3, '421321': 2 }, (u) => (u === '421303' ? '曾都区' : '随县'));
    expect(ranking.filter((c) => c.selected).map((c) => c.uscc)).toEqual(['421303-0', '421303-1', '421303-2', '421321-0', '421321-1']);
    expect(ranking.find((c) => c.uscc === '421321-1')!.explanation).toMatch(/^随县：.*排名第 2，在名额 2 名以内/);
    const { promoted } = replaceRemoved(ranking, '421321-0');
    expect(promoted).toBe('421321-2'); // not 曾都区's higher-scoring fourth
  });
});
