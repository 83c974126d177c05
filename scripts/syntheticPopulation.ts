// A realistic, deterministic synthetic population of Suizhou individual businesses and the department
// data about them, of any size: the default ruleset yields about 92–94% 生存型, 5–8% 成长型 and
// 0.1–0.4% 发展型 of the typed businesses (the observed mix, docs/policy.md#p-type-ruleset-lifecycle).
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { copyRows, type CopyValue } from '../data/bulkCopy';
import { usccCheckCharacter } from '../domain/uscc';

export interface PopulationOptions {
  count: number;
  seed: number;
  /** The typing year Y: facts are for Y−1, annual reports due by Y-06-30. */
  year: number;
  /** Start numbering at this index (to add businesses to an existing population). */
  offset?: number;
}

const COUNTIES: Array<[string, number]> = [['421303', 0.38], ['421381', 0.3], ['421321', 0.22], ['421371', 0.07], ['421372', 0.03]];
// GB/T 4754-2017 classes common among individual businesses.
const INDUSTRIES: Array<[string, number]> = [
  ['5211', 0.16], ['5221', 0.12], ['5291', 0.08], ['5133', 0.04], ['6210', 0.09], ['6220', 0.07], ['6291', 0.08],
  ['8040', 0.08], ['8010', 0.04], ['8111', 0.05], ['0190', 0.04], ['1371', 0.02], ['2110', 0.02], ['5432', 0.05], ['6422', 0.02], ['6130', 0.04],
];
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SURNAMES = '王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
const NAME_WORDS = ['老', '鑫', '福', '顺', '兴', '旺', '和', '源', '聚', '香', '曾都', '编钟', '炎帝', '银杏', '洛阳', '厉山'];
const TRADES = ['便利店', '小吃店', '餐馆', '理发店', '五金店', '农资店', '服装店', '汽修店', '粮油店', '茶叶店', '香菇行', '民宿'];

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticUscc(index: number, county: string): string {
  let id = '';
  let n = index;
  for (let i = 0; i < 8; i++) {
    id = CHARSET[n % 31]! + id;
    n = Math.floor(n / 31);
  }
  const first17 = `92${county}M${id}`;
  return first17 + usccCheckCharacter(first17)!;
}

const iso = (y: number, dayOfYear: number) => new Date(Date.UTC(y, 0, 1 + dayOfYear)).toISOString().slice(0, 10);

export interface PopulationRows {
  business: CopyValue[][];
  annualReport: CopyValue[][];
  tax: CopyValue[][];
  insurance: CopyValue[][];
  abnormal: CopyValue[][];
  penalty: CopyValue[][];
  serious: CopyValue[][];
  court: CopyValue[][];
}

export const POPULATION_COLUMNS = {
  business: ['uscc', 'trade_name', 'operator_name', 'operator_id_hash', 'operation_form', 'established_on', 'county', 'industry_code', 'status', 'special_groups', 'department', 'as_of'],
  annualReport: ['uscc', 'report_year', 'submitted_on', 'revenue', 'employees_count', 'tax_total', 'department', 'as_of'],
  tax: ['uscc', 'tax_year', 'tax_paid_total', 'invoiced_sales', 'credit_rating', 'abnormal_taxpayer', 'department', 'as_of'],
  insurance: ['uscc', 'year', 'insured_employees', 'department', 'as_of'],
  abnormal: ['uscc', 'reason', 'marked_on', 'restored_on', 'department', 'as_of'],
  penalty: ['decision_no', 'uscc', 'decided_on', 'authority', 'measures', 'fine_amount', 'domain', 'public_until', 'credit_repaired_on', 'department', 'as_of'],
  serious: ['uscc', 'listed_on', 'removed_on', 'basis', 'department', 'as_of'],
  court: ['case_no', 'operator_id_hash', 'court', 'listed_on', 'removed_on', 'department', 'as_of'],
} as const;

export const POPULATION_TABLES: Record<keyof PopulationRows, string> = {
  business: 'business', annualReport: 'annual_report', tax: 'tax_record', insurance: 'social_insurance',
  abnormal: 'abnormal_mark', penalty: 'administrative_penalty', serious: 'serious_dishonest_listing', court: 'court_dishonest',
};

/** Generates rows for businesses [offset, offset + count), in blocks (memory stays bounded). */
export function* generatePopulation(options: PopulationOptions, blockSize = 50_000): Generator<PopulationRows> {
  const Y = options.year;
  const asOf = `${Y}-06-30`;
  const start = options.offset ?? 0;
  for (let blockStart = start; blockStart < start + options.count; blockStart += blockSize) {
    const rows: PopulationRows = { business: [], annualReport: [], tax: [], insurance: [], abnormal: [], penalty: [], serious: [], court: [] };
    const blockEnd = Math.min(start + options.count, blockStart + blockSize);
    for (let i = blockStart; i < blockEnd; i++) {
      const random = prng(options.seed * 1_000_003 + i);
      const pick = <T>(table: Array<[T, number]>) => {
        let r = random();
        for (const [v, w] of table) if ((r -= w) < 0) return v;
        return table[0]![0];
      };
      const county = pick(COUNTIES);
      const uscc = syntheticUscc(i, county);
      const operatorHash = createHash('sha256').update(`operator-${options.seed}-${i}`).digest('hex');
      // Founded over the last 20 years, skewed towards recent years (many start-ups, fewer survivors).
      const ageYears = 20 * random() ** 1.8;
      const established = new Date(Date.UTC(Y, 5, 30) - ageYears * 365.25 * 86_400_000).toISOString().slice(0, 10);
      const s = random();
      const status = s < 0.92 ? 'ACTIVE' : s < 0.95 ? 'SUSPENDED' : s < 0.985 ? 'CANCELLED' : 'REVOKED';
      const groups = random() < 0.04 ? [['退役军人', '高校毕业生', '残疾人', '返乡创业农民工'][Math.floor(random() * 4)]!] : [];
      const name = `随州市${NAME_WORDS[Math.floor(random() * NAME_WORDS.length)]}${NAME_WORDS[Math.floor(random() * NAME_WORDS.length)]}${TRADES[Math.floor(random() * TRADES.length)]}`;
      const operator = SURNAMES[Math.floor(random() * SURNAMES.length)]! + GIVEN[Math.floor(random() * GIVEN.length)]!;
      rows.business.push([uscc, random() < 0.7 ? name : null, operator, operatorHash, random() < 0.85 ? '个人经营' : '家庭经营', established, county, pick(INDUSTRIES), status, groups, '市场监管', asOf]);

      // Revenue: log-normal around ¥45k a year (SAMR: 79.4% of operators take under ¥10k a month).
      const z = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
      const revenue = Math.round(45_000 * Math.exp(1.15 * z) * 100) / 100;
      const big = revenue >= 1_000_000;
      const mid = revenue >= 120_000;
      const employees = random() < (big ? 0.85 : mid ? 0.2 : 0.06) ? 1 + Math.floor(random() * (big ? 12 : 3)) : 0;
      const taxPaid = random() < (big ? 0.9 : mid ? 0.25 : 0.12) ? Math.round(revenue * (big ? 0.035 : 0.01) * random() * 200) / 100 : 0;
      const foundedBeforeReportYear = established < `${Y - 1}-12-31`;
      if (status === 'ACTIVE' && foundedBeforeReportYear && random() < 0.9) {
        const onTime = random() < 0.97;
        const submitted = onTime ? iso(Y, Math.floor(random() * 180)) : iso(Y, 185 + Math.floor(random() * 60));
        rows.annualReport.push([uscc, Y - 1, submitted, revenue, employees + 1, taxPaid, '市场监管', submitted]);
      }
      if (random() < (mid ? 0.8 : 0.5)) {
        const rating = random() < 0.1 ? ['A', 'B', 'M', 'C', 'D'][Math.floor(random() * 5)]! : null;
        rows.tax.push([uscc, Y - 1, taxPaid, revenue, rating, random() < 0.005, '税务', `${Y}-06-20`]);
      }
      if (employees > 0 && random() < 0.85) rows.insurance.push([uscc, Y - 1, employees, '人社', `${Y}-06-15`]);
      if (random() < 0.02) rows.abnormal.push([uscc, '未按期年报', iso(Y - 1, Math.floor(random() * 365)), random() < 0.4 ? iso(Y, Math.floor(random() * 150)) : null, '市场监管', asOf]);
      if (random() < 0.015) {
        const decided = iso(Y - 3 + Math.floor(random() * 3), Math.floor(random() * 365));
        const fine = random() < 0.75;
        rows.penalty.push([`随市监罚〔${decided.slice(0, 4)}〕${i}号`, uscc, decided, '随州市市场监督管理局', fine ? ['罚款'] : ['警告'], fine ? Math.round(random() * 20_000) : null, random() < 0.3 ? 'food' : 'other', null, random() < 0.2 ? iso(Y, Math.floor(random() * 150)) : null, '市场监管', asOf]);
      }
      if (random() < 0.001) rows.serious.push([uscc, iso(Y - 1, Math.floor(random() * 365)), null, '提交虚假材料取得登记', '市场监管', asOf]);
      if (random() < 0.003) rows.court.push([`(${Y - 1})鄂1303执${i}号`, operatorHash, '随州市曾都区人民法院', iso(Y - 1, Math.floor(random() * 365)), null, '法院', asOf]);
    }
    yield rows;
  }
}

/** Loads a generated population with COPY; returns the number of rows per table. */
export async function loadPopulation(pool: pg.Pool, options: PopulationOptions, onBlock?: (done: number) => void): Promise<Record<keyof PopulationRows, number>> {
  const totals = { business: 0, annualReport: 0, tax: 0, insurance: 0, abnormal: 0, penalty: 0, serious: 0, court: 0 };
  const client = await pool.connect();
  try {
    for (const rows of generatePopulation(options)) {
      for (const key of Object.keys(rows) as Array<keyof PopulationRows>) {
        if (rows[key].length) totals[key] += await copyRows(client, POPULATION_TABLES[key], POPULATION_COLUMNS[key], rows[key]);
      }
      onBlock?.(totals.business);
    }
  } finally {
    client.release();
  }
  return totals;
}
