// npm run bench:policies -- [--households 1000000] [--policies 50] [--concurrency 2] [--range 25000] [--page 5000]
// Generates N households with typing results (written by one statement in the stored format: the
// features the policies' conditions read), publishes P policies of varied targets and conditions, runs
// the policy-matching workflow on a real Temporal dev server and PostgreSQL (every match stored with its
// explanation), and times the same matching as one SQL statement (INSERT … SELECT into a copy of
// policy_match): the lower bound. Prints both times, the ratio, and whether the two agree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { PolicyConditions, PolicyTarget } from '../domain/policies/policy';
import type { Expr } from '../domain/typing/ruleset';
import { BULK_TIMEOUTS, createPool, createPrismaClient } from '../prisma/client';
import { freePort } from '../scripts/freePort';
import { loadPopulation } from '../scripts/syntheticPopulation';
import { ensureTemporalBinaries } from '../scripts/temporalBinaries';
import { startDevServer } from '../scripts/temporalDevServer';
import { policyMatchingWorkflow } from '../workflows/policyMatching';
import { createProgrammeWorker } from '../worker';
import { argNumber, createBenchDatabase, rate } from './benchDatabase';

const N = argNumber('households', 1_000_000);
const P = argNumber('policies', 50);
const concurrency = argNumber('concurrency', 2);
const rangeSize = argNumber('range', 25_000);
const pageSize = argNumber('page', 5_000);
const YEAR = 2026;
const R = `${YEAR}-06-30`;
const RUN = `typing-${YEAR}-ANNUAL`;
Runtime.install({ logger: new DefaultLogger('WARN') });

const COUNTIES: PolicyTarget['counties'] = ['421303', '421381', '421321', '421371', '421372'];
const INDUSTRY_PREFIXES = ['52', '62', '80', '81', '51', '01', '13', '21', '54', '64', '61'];
const TYPE_SETS: Array<PolicyTarget['types']> = [['S'], ['G'], ['D'], ['G', 'D'], ['S', 'G']];
const GROUPS = ['退役军人', '高校毕业生', '残疾人', '返乡创业农民工'];

/** P policies: 2 for everyone, then targets by type and county, by type, county and industry, with conditions, by category, by group. */
function policies(): Array<{ id: string; target: PolicyTarget; conditions: PolicyConditions | null }> {
  const none: PolicyTarget = { types: [], categories: [], specialGroups: [], industries: [], counties: [] };
  return Array.from({ length: P }, (_, i) => {
    const id = `BENCH-${String(i).padStart(2, '0')}@1`;
    const k = i % 25;
    if (k < 2) return { id, target: none, conditions: null };
    if (k < 10) return { id, target: { ...none, types: TYPE_SETS[k % 5]!, counties: [COUNTIES[k % 5]!] }, conditions: null };
    if (k < 18) return { id, target: { ...none, types: TYPE_SETS[k % 5]!, counties: [COUNTIES[k % 3]!], industries: [INDUSTRY_PREFIXES[k % 11]!] }, conditions: null };
    if (k < 22) {
      const when: Expr = k % 2 === 0
        ? { all: [{ feature: 'revenue', op: '>=', param: 'MIN_REVENUE' }, { not: { feature: 'tax_credit_rating', in: ['C', 'D'] } }] }
        : { any: [{ feature: 'employees', op: '>=', param: 'MIN_EMPLOYEES' }, { feature: 'tax_credit_rating', in: ['A'] }] };
      return { id, target: { ...none, types: ['G', 'D'] }, conditions: { params: { MIN_REVENUE: 150_000 + k * 10_000, MIN_EMPLOYEES: 2 }, predicates: {}, when } };
    }
    if (k < 24) return { id, target: { ...none, categories: k === 22 ? ['ANY'] : ['TE', 'YOU'] }, conditions: null };
    return { id, target: { ...none, specialGroups: GROUPS.slice(0, 2 + (i % 2)) }, conditions: null };
  });
}

// Typing results in the stored format (domain/typing/storedResult.ts): positions 2 age, 3 revenue, 4
// employees, 5 tax paid, 10 credit rating; the type by the default thresholds (reputation aside).
const TYPING_RESULTS = `
INSERT INTO typing_result (run_id, uscc, type, reason, features, trace)
SELECT '${RUN}', uscc,
  CASE WHEN status <> 'ACTIVE' OR NOT on_time THEN 'UNTYPED'
       WHEN age >= 36 AND revenue >= 1000000 AND (tax_paid >= 30000 OR employees >= 5) THEN 'D'
       WHEN age >= 12 AND (employees >= 1 OR tax_paid >= 0.01) AND revenue >= 120000 THEN 'G' ELSE 'S' END,
  CASE WHEN status <> 'ACTIVE' THEN 'SUSPENDED' WHEN NOT on_time THEN 'NO_ANNUAL_REPORT' END,
  json_build_object('f', json_build_array(json_build_array(status, 0, 0), CASE WHEN on_time THEN json_build_array(true, 1, 0) ELSE '0'::json END,
    json_build_array(age, 2, 0), CASE WHEN revenue IS NULL THEN '0'::json ELSE json_build_array(revenue, 3, 1) END,
    CASE WHEN employees IS NULL THEN '0'::json ELSE json_build_array(employees, 5, 1) END,
    CASE WHEN tax_paid IS NULL THEN '0'::json ELSE json_build_array(tax_paid, 7, 1) END, 0, 0, 0, 0,
    CASE WHEN rating IS NULL THEN '0'::json ELSE json_build_array(rating, 12, 1) END),
    's', json_build_array(json_build_array('市场监管', '${R}'), json_build_array('税务', '${YEAR}-06-20'))), ''
FROM (
  SELECT b.uscc, b.status, ar.uscc IS NOT NULL AS on_time,
    (extract(year FROM age(DATE '${R}', b.established_on)) * 12 + extract(month FROM age(DATE '${R}', b.established_on)))::int AS age,
    coalesce(t.invoiced_sales, ar.revenue)::float8 AS revenue, coalesce(si.insured_employees, greatest(ar.employees_count - 1, 0)) AS employees,
    t.tax_paid_total::float8 AS tax_paid, t.credit_rating AS rating
  FROM business b
  LEFT JOIN annual_report ar ON ar.uscc = b.uscc AND ar.report_year = ${YEAR - 1} AND ar.submitted_on <= DATE '${R}'
  LEFT JOIN tax_record t ON t.uscc = b.uscc AND t.tax_year = ${YEAR - 1}
  LEFT JOIN social_insurance si ON si.uscc = b.uscc AND si.year = ${YEAR - 1}
) f`;

/** An expression of the benchmark's conditions in SQL over the stored features (the lower bound's own translation). */
function exprSql(e: Expr, params: Record<string, number>): string {
  const NUM: Record<string, number> = { age_months: 2, revenue: 3, employees: 4, tax_paid: 5 };
  if ('all' in e) return `(${e.all.map((c) => exprSql(c, params)).join(' AND ')})`;
  if ('any' in e) return `(${e.any.map((c) => exprSql(c, params)).join(' OR ')})`;
  if ('not' in e) return `(NOT ${exprSql(e.not, params)})`;
  if ('in' in e) return `coalesce(r.features->'f'->10->>0 IN (${e.in.map((v) => `'${v}'`).join(', ')}), false)`;
  if ('param' in e) return `coalesce((r.features->'f'->${NUM[e.feature]}->>0)::float8 ${e.op} ${params[e.param]}, false)`;
  throw new Error('not used by the benchmark');
}

const list = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;

function singleStatement(ps: ReturnType<typeof policies>): string {
  const selects = ps.map((p) => {
    const t = p.target;
    const where = [
      t.types.length ? `r.type = ANY(${list(t.types)})` : null,
      t.counties.length ? `b.county = ANY(${list(t.counties)})` : null,
      t.industries.length ? `(${t.industries.map((x) => `b.industry_code LIKE '${x}%'`).join(' OR ')})` : null,
      t.categories.length ? (t.categories.includes('ANY') ? 'cardinality(c.categories) > 0' : `c.categories && ${list(t.categories)}`) : null,
      t.specialGroups.length ? `b.special_groups && ${list(t.specialGroups)}` : null,
      p.conditions ? exprSql(p.conditions.when, p.conditions.params) : null,
    ].filter(Boolean);
    return `SELECT '${p.id}' AS policy_id, h.* FROM h${where.length ? ` WHERE ${where.join(' AND ').replace(/\br\./g, 'h.').replace(/\bb\./g, 'h.').replace(/\bc\./g, 'h.')}` : ''}`;
  });
  return `
INSERT INTO policy_match_single (policy_id, uscc, first_batch, last_batch, run_id, explanation)
WITH h AS MATERIALIZED (
  SELECT r.uscc, r.type, r.features, b.county, b.industry_code, b.special_groups,
    coalesce((SELECT array_agg(DISTINCT l.category ORDER BY l.category) FROM category_label l
              WHERE l.uscc = r.uscc AND l.status IN ('ACTIVE', 'UNDER_EVALUATION', 'EXTENDED') AND l.valid_until >= DATE '${R}'), '{}') AS categories
  FROM typing_result r JOIN business b ON b.uscc = r.uscc WHERE r.run_id = '${RUN}'
)
SELECT m.policy_id, m.uscc, 'single', 'single', '${RUN}',
  json_build_object('type', m.type, 'county', m.county, 'industry', m.industry_code, 'categories', m.categories, 'groups', m.special_groups, 'trace', '')
FROM (${selects.join('\nUNION ALL\n')}) m`;
}

const db = await createBenchDatabase('getihu_bench_policies');
// No statement deadline: the setup and the single statement each run for minutes at a million households.
const pool = createPool(db.url, concurrency + 2, { ...BULK_TIMEOUTS, statementMs: 0 });
const prisma = createPrismaClient(pool);
const dir = mkdtempSync(path.join(tmpdir(), 'getihu-bench-'));
try {
  console.log(`bench:policies — ${N.toLocaleString('en')} households × ${P} policies, concurrency ${concurrency}, ranges of ${rangeSize}, pages of ${pageSize}`);
  let t = Date.now();
  const rows = await loadPopulation(pool, { count: N, seed: 42, year: YEAR });
  console.log(`  generate + COPY population: ${Object.values(rows).reduce((a, b) => a + b, 0).toLocaleString('en')} rows in ${Date.now() - t} ms`);
  t = Date.now();
  await prisma.typingRun.create({ data: { id: RUN, year: YEAR, kind: 'ANNUAL', rulesetId: 'bench', referenceDate: new Date(R), status: 'DONE', finishedAt: new Date() } });
  await pool.query(TYPING_RESULTS);
  // 2% hold a 名特优新 label in force.
  await pool.query(`INSERT INTO category_label (uscc, year, category, channel, designated_on, valid_until, batch, status)
    SELECT uscc, ${YEAR - 1}, (ARRAY['MING', 'TE', 'YOU', 'XIN'])[1 + abs(hashtext(uscc)) % 4], 'SELF', DATE '${YEAR - 1}-11-30', DATE '${YEAR + 2}-11-30', 'bench', 'ACTIVE'
    FROM typing_result WHERE run_id = '${RUN}' AND type IN ('G', 'D') AND abs(hashtext(uscc || 'c')) % 100 < 8`);
  const ps = policies();
  await prisma.policy.createMany({
    data: ps.map((p) => ({
      id: p.id, code: p.id.split('@')[0]!, version: '1', department: '市场监管', title: `基准政策 ${p.id}`, legalBasis: '基准', area: '经营服务', target: p.target,
      ...(p.conditions ? { conditions: p.conditions } : {}), benefit: '基准', mode: 'APPLY', contact: '基准', status: 'PUBLISHED', validFrom: new Date('2020-01-01'),
    })),
  });
  await pool.query('VACUUM ANALYZE');
  const { rows: mix } = await pool.query(`SELECT type, count(*)::int AS n FROM typing_result GROUP BY type ORDER BY type`);
  console.log(`  typing results + labels + policies: ${Date.now() - t} ms; mix ${JSON.stringify(Object.fromEntries(mix.map((m) => [m.type, m.n])))}`);

  const server = await startDevServer({ cliPath: ensureTemporalBinaries().cli, dbFile: path.join(dir, 'temporal.db'), logFile: path.join(dir, 'temporal.log'), port: await freePort(), uiPort: await freePort() });
  try {
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const worker = await createProgrammeWorker({ connection: nativeConnection, prisma, pool, taskQueue: 'bench' });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    t = Date.now();
    const summary = await worker.runUntil(
      client.workflow.execute(policyMatchingWorkflow, {
        workflowId: 'policy-matching-bench', taskQueue: 'bench',
        args: [{ batchId: 'policy-matching-bench', runId: RUN, trigger: 'MANUAL', date: `${YEAR}-07-01`, rangeSize, pageSize, concurrency }],
      }),
    );
    const workflowMs = Date.now() - t;
    console.log(`  matching workflow (end to end, explanations stored): ${summary.matched.toLocaleString('en')} matches in ${workflowMs} ms = ${rate(N, workflowMs)} households, ${rate(summary.matched, workflowMs)} matches`);
    await connection.close();
    await nativeConnection.close();

    await pool.query('CREATE TABLE policy_match_single (LIKE policy_match INCLUDING ALL)');
    t = Date.now();
    const single = await pool.query(singleStatement(ps));
    const singleMs = Date.now() - t;
    const { rows: agree } = await pool.query(`SELECT
      (SELECT count(*) FROM policy_match_single s WHERE NOT EXISTS (SELECT 1 FROM policy_match m WHERE m.policy_id = s.policy_id AND m.uscc = s.uscc))::int AS only_single,
      (SELECT count(*) FROM policy_match m WHERE NOT EXISTS (SELECT 1 FROM policy_match_single s WHERE m.policy_id = s.policy_id AND m.uscc = s.uscc))::int AS only_workflow`);
    console.log(`  single SQL statement (INSERT … SELECT, lower bound): ${single.rowCount!.toLocaleString('en')} matches in ${singleMs} ms = ${rate(N, singleMs)} households; only in one of the two: ${agree[0].only_single} / ${agree[0].only_workflow}`);
    console.log(`  ratio workflow / single statement: ${(workflowMs / singleMs).toFixed(2)}×`);
  } finally {
    await server.stop();
  }
} finally {
  await prisma.$disconnect();
  await pool.end();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
