// A population whose typing is known in advance, for the 名特优新 tests: `growth` businesses that the
// default ruleset types 成长型 (three years old, ¥200k revenue, two insured employees, tax paid) and
// `survival` ones typed 生存型 (revenue ¥30k); the last of them has an operator on the court's
// 失信被执行人 list, and every fourth 成长型 one holds a certification (优质 criterion Y5). Everything the gate and criteria read is in the pool, per department.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { copyRows, type CopyValue } from '../../data/bulkCopy';
import { POPULATION_COLUMNS, syntheticUscc } from '../../scripts/syntheticPopulation';

export interface KnownPopulation {
  growth: Array<{ uscc: string; county: string }>;
  survival: Array<{ uscc: string; county: string }>;
  courtDishonest: { uscc: string; county: string };
}

export const FIXTURE_COUNTIES = ['421303', '421321'] as const;

export async function loadKnownPopulation(pool: pg.Pool, options: { year: number; growth: number; survival: number }): Promise<KnownPopulation> {
  const Y = options.year;
  const asOf = `${Y}-06-30`;
  const rows = { business: [] as CopyValue[][], annualReport: [] as CopyValue[][], tax: [] as CopyValue[][], insurance: [] as CopyValue[][], court: [] as CopyValue[][], honours: [] as CopyValue[][] };
  const result: KnownPopulation = { growth: [], survival: [], courtDishonest: { uscc: '', county: '' } };
  const total = options.growth + options.survival;
  for (let i = 0; i < total; i++) {
    const county = FIXTURE_COUNTIES[i % 2]!;
    const uscc = syntheticUscc(500_000 + i, county);
    const grows = i < options.growth;
    const operatorHash = createHash('sha256').update(`known-operator-${i}`).digest('hex');
    rows.business.push([uscc, `随州市测试${i}号店`, `测试${i}`, operatorHash, '个人经营', `${Y - 3}-03-01`, county, '5211', 'ACTIVE', [], '市场监管', asOf]);
    rows.annualReport.push([uscc, Y - 1, `${Y}-03-15`, grows ? 200_000 : 30_000, 3, grows ? 2_000 : 0, '市场监管', `${Y}-03-15`]);
    rows.tax.push([uscc, Y - 1, grows ? 2_000 : 0, grows ? 200_000 : 30_000, null, false, '税务', `${Y}-06-20`]);
    if (grows) rows.insurance.push([uscc, Y - 1, 2, '人社', `${Y}-06-15`]);
    // Every fourth 成长型 household (i % 4 === 2) holds a certification: criterion Y5 of 优质, verified from data.
    if (grows && i % 4 === 2) rows.honours.push([uscc, '管理体系认证', '省', '湖北省认证中心', `${Y - 1}-09-01`, null, 'ISO 9001', '市场监管', asOf]);
    (grows ? result.growth : result.survival).push({ uscc, county });
    if (i === total - 1) {
      result.courtDishonest = { uscc, county };
      rows.court.push([`(${Y - 1})鄂1303执9999号`, operatorHash, '随州市曾都区人民法院', `${Y - 1}-05-01`, null, '法院', asOf]);
    }
  }
  const client = await pool.connect();
  try {
    await copyRows(client, 'business', POPULATION_COLUMNS.business, rows.business);
    await copyRows(client, 'annual_report', POPULATION_COLUMNS.annualReport, rows.annualReport);
    await copyRows(client, 'tax_record', POPULATION_COLUMNS.tax, rows.tax);
    await copyRows(client, 'social_insurance', POPULATION_COLUMNS.insurance, rows.insurance);
    await copyRows(client, 'court_dishonest', POPULATION_COLUMNS.court, rows.court);
    await copyRows(client, 'designation', ['uscc', 'kind', 'level', 'authority', 'awarded_on', 'valid_until', 'title', 'department', 'as_of'], rows.honours);
  } finally {
    client.release();
  }
  return result;
}
