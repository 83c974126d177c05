// Pure rules of issue 10 items 3, 5 and 6: the register's revocation grounds (deregistered, revoked, suspended
// over 6 months counted from the suspension's date), the base list's suggestion from IP and honour data, the
// sector departments a candidate is shown to, and when an upheld appeal can still resume.
import { describe, expect, it } from 'vitest';
import { resumptionProblem } from '../../domain/category/appeal';
import { candidateSectors, suggestFromData } from '../../domain/category/baseList';
import type { CriteriaFacts } from '../../domain/category/criteria';
import { addMonths, registrationGrounds } from '../../domain/category/designation';

describe('revocation grounds from the register', () => {
  it('deregistration and a revoked licence are grounds at once', () => {
    expect(registrationGrounds('CANCELLED', '2027-01-01', '2027-01-02').grounds).toEqual([{ code: 'DEREGISTERED', reason: '已办理注销登记' }]);
    expect(registrationGrounds('REVOKED', null, '2027-01-02').grounds.map((g) => g.code)).toEqual(['REGISTRATION_REVOKED']);
    expect(registrationGrounds('ACTIVE', '2020-01-01', '2027-01-02')).toEqual({ grounds: [], recheckOn: null });
  });

  it('a suspension is a ground only once it is over 6 months old, and says when to look again', () => {
    expect(registrationGrounds('SUSPENDED', '2027-01-31', '2027-07-31')).toEqual({ grounds: [], recheckOn: '2027-07-31' });
    expect(registrationGrounds('SUSPENDED', '2027-01-31', '2027-08-01').grounds).toEqual([{ code: 'SUSPENDED_OVER_LIMIT', reason: '自 2027-01-31 起歇业已超过 6 个月' }]);
    expect(registrationGrounds('SUSPENDED', '2027-01-31', '2027-08-01', { defenceDays: 10, decisionDays: 20, suspensionMonths: 12 }).grounds).toEqual([]);
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2027-12-15', 1)).toBe('2028-01-15');
  });
});

describe('the base list suggestion', () => {
  const facts = (over: Partial<CriteriaFacts>): CriteriaFacts => ({
    establishedOn: '2020-01-01', industryCode: '5211', ipAssets: [], designations: [], operatorStoreCount: 1, insuredEmployeesByYear: {}, recommendedFor: [], ...over,
  });

  it('a registered trademark and a 市级老字号 suggest 知名, with every match as the reason', () => {
    const s = suggestFromData(facts({ ipAssets: [{ kind: 'TRADEMARK', giRelated: false }], designations: [{ kind: '市级老字号', level: '市' }] }), 2027, '2027-09-30');
    expect(s?.suggestedCategory).toBe('MING');
    expect(s?.reasons.map((r) => [r.category, r.criteria.map((c) => c.code)])).toEqual([['MING', ['M1', 'M7']], ['YOU', ['Y2']]]);
    expect(s?.explanation).toMatch(/^建议申报知名类：拥有注册商标或品牌/);
  });

  it('data other than IP and honours (years, stores, employment) make no candidate', () => {
    expect(suggestFromData(facts({ establishedOn: '2000-01-01', operatorStoreCount: 5, insuredEmployeesByYear: { 2025: 9, 2026: 9 } }), 2027, '2027-09-30')).toBeNull();
    expect(suggestFromData(facts({ ipAssets: [{ kind: 'PATENT', giRelated: false }] }), 2027, '2027-09-30')?.suggestedCategory).toBe('XIN');
    expect(suggestFromData(facts({ ipAssets: [{ kind: 'GI', giRelated: true }] }), 2027, '2027-09-30')?.suggestedCategory).toBe('TE');
  });

  it('is shown to the industry\'s sector departments and to the departments that awarded its honours', () => {
    expect(candidateSectors('5211', ['商务'])).toEqual(['商务']);
    expect(candidateSectors('6110', ['市场监管'])).toEqual(['商务', '市场监管', '文旅']);
    expect(candidateSectors('0141', [])).toEqual(['农业农村']);
    expect(candidateSectors('7010', [])).toEqual([]);
  });
});

describe('resuming after an upheld appeal', () => {
  it('resumes only while the ranking is ahead, and explains otherwise', () => {
    const rankingAt = '2027-10-15T00:00:00.000Z';
    expect(resumptionProblem(Date.parse(rankingAt) - 1, rankingAt, '2027-10-15 08:00')).toBeNull();
    expect(resumptionProblem(Date.parse(rankingAt), rankingAt, '2027-10-15 08:00')).toMatch(/已于 2027-10-15 08:00 完成排名/);
  });
});
