// npm run bench:typing -- --businesses N [--concurrency 2] [--range 25000] [--page 5000]
// Generates N businesses, types them with the typing workflow on a real Temporal dev server and
// PostgreSQL (explanations stored), and times the same typing as one SQL statement: the lower bound.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { ensureDefaultRuleset } from '../data/rulesets';
import { DEFAULT_TYPING_RULESET } from '../domain/typing/ruleset';
import { FINE_OR_HEAVIER_MEASURES } from '../domain/typing/penalties';
import { createPool, createPrismaClient } from '../prisma/client';
import { freePort } from '../scripts/freePort';
import { loadPopulation } from '../scripts/syntheticPopulation';
import { ensureTemporalBinaries } from '../scripts/temporalBinaries';
import { startDevServer } from '../scripts/temporalDevServer';
import { typingRunWorkflow } from '../workflows/typingRun';
import { createProgrammeWorker } from '../worker';
import { argNumber, createBenchDatabase, rate } from './benchDatabase';

const N = argNumber('businesses', 100_000);
const concurrency = argNumber('concurrency', 2);
const rangeSize = argNumber('range', 25_000);
const pageSize = argNumber('page', 5_000);
const YEAR = 2026;
const R = `${YEAR}-06-30`;
Runtime.install({ logger: new DefaultLogger('WARN') });

// The default ruleset written as one statement, features and all (bench only: the lower bound).
const p = DEFAULT_TYPING_RULESET.params;
const SINGLE_STATEMENT = `
CREATE TABLE typing_result_single AS
WITH f AS (
  SELECT b.uscc, b.status,
    (extract(year FROM age(DATE '${R}', b.established_on)) * 12 + extract(month FROM age(DATE '${R}', b.established_on)))::int AS age_months,
    ar.uscc IS NOT NULL AS report_on_time,
    coalesce(t.invoiced_sales, ar.revenue) AS revenue,
    coalesce(si.insured_employees, greatest(ar.employees_count - 1, 0)) AS employees,
    t.tax_paid_total AS tax_paid, t.credit_rating,
    EXISTS (SELECT 1 FROM abnormal_mark m WHERE m.uscc = b.uscc AND m.marked_on <= DATE '${R}' AND (m.restored_on IS NULL OR m.restored_on > DATE '${R}')) AS abnormal,
    EXISTS (SELECT 1 FROM administrative_penalty x WHERE x.uscc = b.uscc AND x.decided_on > DATE '${R}' - interval '${p.REPUTATION_LOOKBACK_MONTHS} months'
      AND x.decided_on <= DATE '${R}' AND x.measures && $1::text[] AND (x.credit_repaired_on IS NULL OR x.credit_repaired_on > DATE '${R}')) AS penalty,
    EXISTS (SELECT 1 FROM serious_dishonest_listing s WHERE s.uscc = b.uscc AND s.listed_on <= DATE '${R}' AND (s.removed_on IS NULL OR s.removed_on > DATE '${R}')) AS serious,
    EXISTS (SELECT 1 FROM court_dishonest c WHERE c.operator_id_hash = b.operator_id_hash AND c.listed_on <= DATE '${R}' AND (c.removed_on IS NULL OR c.removed_on > DATE '${R}')) AS court,
    b.department, b.as_of, t.department AS t_dept, t.as_of AS t_as_of, ar.department AS ar_dept, ar.as_of AS ar_as_of
  FROM business b
  LEFT JOIN annual_report ar ON ar.uscc = b.uscc AND ar.report_year = ${YEAR - 1} AND ar.submitted_on <= DATE '${R}'
  LEFT JOIN tax_record t ON t.uscc = b.uscc AND t.tax_year = ${YEAR - 1}
  LEFT JOIN social_insurance si ON si.uscc = b.uscc AND si.year = ${YEAR - 1}
)
SELECT uscc,
  CASE WHEN status <> 'ACTIVE' OR NOT report_on_time THEN 'UNTYPED'
       WHEN abnormal THEN 'S'
       WHEN age_months >= ${p.D_MIN_AGE_MONTHS} AND revenue >= ${p.D_MIN_REVENUE} AND (tax_paid >= ${p.D_MIN_TAX_PAID} OR employees >= ${p.D_MIN_EMPLOYEES})
            AND NOT penalty AND NOT serious AND NOT court AND coalesce(credit_rating NOT IN ('C', 'D'), true) THEN 'D'
       WHEN age_months >= ${p.G_MIN_AGE_MONTHS} AND (employees >= ${p.G_MIN_EMPLOYEES} OR tax_paid >= ${p.G_MIN_TAX_PAID}) AND revenue >= ${p.G_MIN_REVENUE} THEN 'G'
       ELSE 'S' END AS type,
  json_build_object('age_months', age_months, 'revenue', revenue, 'employees', employees, 'tax_paid', tax_paid,
    'abnormal', abnormal, 'penalty', penalty, 'serious', serious, 'court', court, 'amr', json_build_array(department, as_of),
    'tax', json_build_array(t_dept, t_as_of), 'report', json_build_array(ar_dept, ar_as_of)) AS features
FROM f`;

const db = await createBenchDatabase('getihu_bench_typing');
const pool = createPool(db.url, concurrency + 2);
const prisma = createPrismaClient(pool);
const dir = mkdtempSync(path.join(tmpdir(), 'getihu-bench-'));
try {
  console.log(`bench:typing — ${N.toLocaleString('en')} businesses, concurrency ${concurrency}, ranges of ${rangeSize}, pages of ${pageSize}`);
  let t = Date.now();
  const rows = await loadPopulation(pool, { count: N, seed: 42, year: YEAR });
  const loaded = Object.values(rows).reduce((a, b) => a + b, 0);
  console.log(`  generate + COPY population: ${loaded.toLocaleString('en')} rows in ${Date.now() - t} ms (${rate(loaded, Date.now() - t)})`);
  await pool.query('VACUUM ANALYZE');
  const rulesetId = await ensureDefaultRuleset(prisma);

  const server = await startDevServer({ cliPath: ensureTemporalBinaries().cli, dbFile: path.join(dir, 'temporal.db'), logFile: path.join(dir, 'temporal.log'), port: await freePort(), uiPort: await freePort() });
  try {
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const worker = await createProgrammeWorker({ connection: nativeConnection, prisma, pool, taskQueue: 'bench' });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const runId = `typing-${YEAR}-ANNUAL`;
    t = Date.now();
    const summary = await worker.runUntil(
      client.workflow.execute(typingRunWorkflow, {
        workflowId: runId,
        taskQueue: 'bench',
        args: [{ runId, year: YEAR, kind: 'ANNUAL', rulesetId, referenceDate: R, rangeSize, pageSize, concurrency }],
      }),
    );
    const workflowMs = Date.now() - t;
    console.log(`  typing workflow (end to end, explanations stored): ${summary.total.toLocaleString('en')} in ${workflowMs} ms = ${rate(summary.total, workflowMs)}`);
    console.log(`    mix: ${JSON.stringify(summary.counts)}`);
    await connection.close();
    await nativeConnection.close();

    t = Date.now();
    await pool.query(SINGLE_STATEMENT, [FINE_OR_HEAVIER_MEASURES]);
    const singleMs = Date.now() - t;
    const { rows: agree } = await pool.query(
      'SELECT count(*) FILTER (WHERE s.type = r.type) AS same, count(*) AS n FROM typing_result_single s JOIN typing_result r ON r.uscc = s.uscc AND r.run_id = $1',
      [runId],
    );
    console.log(`  single SQL statement (lower bound): ${N.toLocaleString('en')} in ${singleMs} ms = ${rate(N, singleMs)}; same type for ${agree[0].same} of ${agree[0].n}`);
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
