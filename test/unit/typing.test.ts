import { describe, expect, it } from 'vitest';
import type { BusinessFacts } from '../../domain/typing/facts';
import { computeFeatures, wholeMonthsBetween } from '../../domain/typing/features';
import { evaluateTyping } from '../../domain/typing/evaluate';
import { DEFAULT_TYPING_RULESET, rulesetDefinitionSchema } from '../../domain/typing/ruleset';

const R = '2025-06-30';
const amr = { department: '市场监管', asOf: R };
const tax = { department: '税务', asOf: '2025-06-20' };

/** A clear 发展型 business; each test changes one thing. */
function facts(overrides: Partial<BusinessFacts> = {}): BusinessFacts {
  return {
    uscc: '92421303MA4D123453',
    status: { value: 'ACTIVE', ...amr },
    establishedOn: { value: '2020-01-15', ...amr },
    annualReport: { value: { submittedOn: '2025-03-01', revenue: 900_000, employeesCount: 7 }, ...amr },
    tax: { value: { taxPaidTotal: 40_000, invoicedSales: 1_200_000, creditRating: null }, ...tax },
    insuredEmployees: { value: 6, department: '人社', asOf: '2025-06-10' },
    abnormalMarkedOn: null,
    latestUnrepairedPenaltyOn: null,
    seriousDishonestListedOn: null,
    courtDishonestListedOn: null,
    corrections: {},
    ...overrides,
  };
}
const typeOf = (f: BusinessFacts) => evaluateTyping(DEFAULT_TYPING_RULESET, computeFeatures(f, R));

describe('typing features (docs/policy.md#p-type-features)', () => {
  it('counts whole calendar months', () => {
    expect(wholeMonthsBetween('2024-06-30', '2025-06-30')).toBe(12);
    expect(wholeMonthsBetween('2024-07-01', '2025-06-30')).toBe(11);
    expect(wholeMonthsBetween('2024-01-31', '2025-06-30')).toBe(16);
  });

  it('takes revenue from tax, else the annual report, each with its source', () => {
    const f = computeFeatures(facts(), R);
    expect(f.revenue).toEqual({ value: 1_200_000, field: 'TAX.invoiced_or_declared_sales', provenance: tax });
    const noTax = computeFeatures(facts({ tax: null }), R);
    expect(noTax.revenue).toMatchObject({ value: 900_000, field: 'AMR.annual_report.revenue', provenance: amr });
    expect(noTax.tax_paid.value).toBeNull();
  });

  it('takes employees from social insurance, else 从业人数 minus the operator, never below zero', () => {
    expect(computeFeatures(facts(), R).employees.value).toBe(6);
    expect(computeFeatures(facts({ insuredEmployees: null }), R).employees.value).toBe(6);
    const alone = facts({ insuredEmployees: null, annualReport: { value: { submittedOn: '2025-03-01', revenue: 1, employeesCount: 0 }, ...amr } });
    expect(computeFeatures(alone, R).employees.value).toBe(0);
  });
});

describe('corrections', () => {
  it('replace the department value and say who corrected it', () => {
    const f = computeFeatures(facts({ corrections: { revenue: { value: 50_000, department: '市场监管（复核更正）', asOf: '2025-08-10', correctedBy: '张三' } } }), R);
    expect(f.revenue).toEqual({ value: 50_000, field: 'CORRECTION.revenue', provenance: { department: '市场监管（复核更正）', asOf: '2025-08-10', correctedBy: '张三' } });
  });
});

describe('typing evaluation', () => {
  it('types 发展型 and traces every predicate it evaluated', () => {
    const outcome = typeOf(facts());
    expect(outcome.type).toBe('D');
    expect(outcome.trace).toHaveLength(1);
    expect(JSON.stringify(outcome.trace)).toContain('good_reputation');
  });

  it('puts each threshold exactly at >=', () => {
    const g = (revenue: number) =>
      typeOf(facts({ tax: { value: { taxPaidTotal: 100, invoicedSales: revenue, creditRating: null }, ...tax }, insuredEmployees: null })).type;
    expect(g(119_999.99)).toBe('S');
    expect(g(120_000)).toBe('G');
    const age = (established: string) => typeOf(facts({ establishedOn: { value: established, ...amr } })).type;
    expect(age('2022-06-30')).toBe('D'); // 36 months
    expect(age('2022-07-01')).toBe('G'); // 35 months
  });

  it('never promotes on missing data', () => {
    const noData = facts({ tax: null, insuredEmployees: null, annualReport: { value: { submittedOn: '2025-03-01', revenue: null, employeesCount: null }, ...amr } });
    const outcome = typeOf(noData);
    expect(outcome.type).toBe('S');
    expect(outcome.trace.map((t) => t.result)).toEqual([false, false]);
  });

  it('requires good reputation for 发展型: unrepaired penalty within 24 months, dishonest lists, credit C/D', () => {
    expect(typeOf(facts({ latestUnrepairedPenaltyOn: { value: '2023-07-01', ...amr } })).type).toBe('G'); // 23 months ago
    expect(typeOf(facts({ latestUnrepairedPenaltyOn: { value: '2023-06-30', ...amr } })).type).toBe('D'); // 24: outside
    expect(typeOf(facts({ courtDishonestListedOn: { value: '2025-01-01', department: '法院', asOf: R } })).type).toBe('G');
    expect(typeOf(facts({ seriousDishonestListedOn: { value: '2025-01-01', ...amr } })).type).toBe('G');
    expect(typeOf(facts({ tax: { value: { taxPaidTotal: 40_000, invoicedSales: 1_200_000, creditRating: 'C' }, ...tax } })).type).toBe('G');
    expect(typeOf(facts({ tax: { value: { taxPaidTotal: 40_000, invoicedSales: 1_200_000, creditRating: 'B' }, ...tax } })).type).toBe('D');
  });

  it('leaves out of scope businesses UNTYPED with the first matching reason', () => {
    expect(typeOf(facts({ status: { value: 'REVOKED', ...amr } }))).toMatchObject({ type: 'UNTYPED', reason: 'CANCELLED' });
    expect(typeOf(facts({ status: { value: 'SUSPENDED', ...amr } }))).toMatchObject({ type: 'UNTYPED', reason: 'SUSPENDED' });
    expect(typeOf(facts({ annualReport: null }))).toMatchObject({ type: 'UNTYPED', reason: 'NO_ANNUAL_REPORT' });
  });

  it('types an abnormal-marked business 生存型 by default, or excludes it by policy', () => {
    const marked = facts({ abnormalMarkedOn: { value: '2025-02-01', ...amr } });
    expect(typeOf(marked)).toMatchObject({ type: 'S', reason: 'ABNORMAL' });
    const exclude = { ...DEFAULT_TYPING_RULESET, abnormalMarkedPolicy: 'EXCLUDE' as const };
    expect(evaluateTyping(exclude, computeFeatures(marked, R))).toMatchObject({ type: 'UNTYPED', reason: 'ABNORMAL' });
  });

  it('validates ruleset definitions: unknown parameters and predicates are refused', () => {
    expect(rulesetDefinitionSchema.safeParse(DEFAULT_TYPING_RULESET).success).toBe(true);
    const broken = { ...DEFAULT_TYPING_RULESET, types: [{ code: 'G', when: { feature: 'revenue', op: '>=', param: 'NOPE' } }] };
    const result = rulesetDefinitionSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('NOPE');
  });
});

describe('compiled ruleset', () => {
  it('decides exactly as the interpreter, with the same trace bits, over varied businesses', async () => {
    const { compileRuleset } = await import('../../domain/typing/compiledRuleset');
    const { decodeFeatures, encodeFeatures, traceBits } = await import('../../domain/typing/storedResult');
    const rulesets = [DEFAULT_TYPING_RULESET, { ...DEFAULT_TYPING_RULESET, abnormalMarkedPolicy: 'EXCLUDE' as const, params: { ...DEFAULT_TYPING_RULESET.params, G_MIN_REVENUE: 60_000 } }];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    for (const def of rulesets) {
      const compiled = compileRuleset(def);
      for (let i = 0; i < 2_000; i++) {
        const f = facts({
          status: { value: pick(['ACTIVE', 'ACTIVE', 'ACTIVE', 'SUSPENDED', 'REVOKED']), ...amr },
          establishedOn: { value: pick(['2024-12-01', '2023-01-01', '2021-06-30', '2010-05-05']), ...amr },
          annualReport: rand() < 0.1 ? null : { value: { submittedOn: '2025-03-01', revenue: rand() < 0.2 ? null : Math.round(rand() * 2_000_000), employeesCount: rand() < 0.3 ? null : Math.floor(rand() * 8) }, ...amr },
          tax: rand() < 0.3 ? null : { value: { taxPaidTotal: rand() < 0.3 ? null : Math.round(rand() * 50_000), invoicedSales: rand() < 0.3 ? null : Math.round(rand() * 2_000_000), creditRating: pick([null, null, 'A', 'C', 'D']) }, ...tax },
          insuredEmployees: rand() < 0.6 ? null : { value: Math.floor(rand() * 8), department: '人社', asOf: R },
          abnormalMarkedOn: rand() < 0.05 ? { value: '2025-01-01', ...amr } : null,
          latestUnrepairedPenaltyOn: rand() < 0.1 ? { value: pick(['2023-01-01', '2024-12-01']), ...amr } : null,
          courtDishonestListedOn: rand() < 0.05 ? { value: '2025-01-01', department: '法院', asOf: R } : null,
          corrections: rand() < 0.05 ? { revenue: { value: 150_000, department: '市场监管（复核更正）', asOf: '2025-08-10', correctedBy: '张三' } } : {},
        });
        const features = computeFeatures(f, R);
        const interpreted = evaluateTyping(def, features);
        expect(compiled(features)).toEqual({ type: interpreted.type, reason: interpreted.reason, bits: traceBits(interpreted) });
        expect(decodeFeatures(JSON.parse(JSON.stringify(encodeFeatures(features))))).toEqual(features);
      }
    }
  });
});

describe('stored features', () => {
  it('still reads rows written in the first (named) format', async () => {
    const { decodeFeatures } = await import('../../domain/typing/storedResult');
    const v1 = { status: ['ACTIVE', 'AMR.registration_status', '市场监管', '2026-06-30'], revenue: [150000, 'CORRECTION.revenue', '市场监管（复核更正）', '2026-08-10', '张三'] };
    const features = decodeFeatures(v1 as never);
    expect(features.revenue).toEqual({ value: 150000, field: 'CORRECTION.revenue', provenance: { department: '市场监管（复核更正）', asOf: '2026-08-10', correctedBy: '张三' } });
    expect(features.status.provenance).toEqual({ department: '市场监管', asOf: '2026-06-30' });
    expect(features.abnormal_marked_now).toEqual({ value: false, field: null, provenance: null });
    expect(features.tax_paid).toEqual({ value: null, field: null, provenance: null });
  });
});
