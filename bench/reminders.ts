// npm run bench:reminders -- [--households 1000000]
// The reminder workflow's daily batch at scale (docs/policy.md#p-credit-repair-reminder): N synthetic
// households, each with a household account and an address, their penalties given a public period (3
// years for fines, 3 months otherwise), and a typing run whose households without a report are UNTYPED.
// Times `recordDueReminders` (the one activity a day costs) on PostgreSQL: the first batch (every penalty
// repairable and still published: the backlog), an ordinary day, June 1 (the annual-report reminders) and
// June 2 (the window's daily look, nothing new). Sending is SMTP-bound and not measured here.
import { recordDueReminders } from '../data/reminders';
import { withReminderDefaults } from '../domain/reminders/reminderConfig';
import { BULK_TIMEOUTS, createPool } from '../prisma/client';
import { loadPopulation } from '../scripts/syntheticPopulation';
import { argNumber, createBenchDatabase, rate } from './benchDatabase';

const N = argNumber('households', 1_000_000);
const YEAR = 2026;
const db = await createBenchDatabase('getihu_bench_reminders');
const pool = createPool(db.url, 3, BULK_TIMEOUTS); // the worker's pool: statements up to 5 minutes

const config = withReminderDefaults();
try {
  let t = Date.now();
  await loadPopulation(pool, { count: N, seed: 7, year: YEAR });
  await pool.query(`UPDATE administrative_penalty SET public_until = decided_on + CASE WHEN '罚款' = ANY(measures) THEN interval '3 years' ELSE interval '3 months' END`);
  await pool.query(`INSERT INTO principal (id, name, role, uscc, email) SELECT gen_random_uuid(), '户主', 'HOUSEHOLD', uscc, 'h' || row_number() OVER () || '@example.invalid' FROM business`);
  await pool.query(`INSERT INTO typing_run (id, year, kind, ruleset_id, reference_date, status, finished_at) VALUES ('typing-${YEAR}-RERUN', ${YEAR}, 'RERUN', 'bench', '${YEAR}-06-30', 'DONE', now())`);
  await pool.query(
    `INSERT INTO typing_result (run_id, uscc, type, reason, features, trace)
     SELECT 'typing-${YEAR}-RERUN', b.uscc, CASE WHEN ar.uscc IS NULL THEN 'UNTYPED' ELSE 'S' END, CASE WHEN ar.uscc IS NULL THEN 'NO_ANNUAL_REPORT' END, '{}', ''
     FROM business b LEFT JOIN annual_report ar ON ar.uscc = b.uscc AND ar.report_year = ${YEAR - 1}`,
  );
  await pool.query('ANALYZE');
  const { rows: [counts] } = await pool.query<{ penalties: string; untyped: string }>(
    `SELECT (SELECT count(*) FROM administrative_penalty) AS penalties, (SELECT count(*) FROM typing_result WHERE reason = 'NO_ANNUAL_REPORT') AS untyped`,
  );
  console.log(`${N.toLocaleString('en')} households, ${Number(counts!.penalties).toLocaleString('en')} penalties, ${Number(counts!.untyped).toLocaleString('en')} UNTYPED for NO_ANNUAL_REPORT; set up in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  for (const [label, date] of [['first batch (backlog)', `${YEAR}-07-02`], ['ordinary day', `${YEAR}-07-03`], ['June 1 (annual report)', `${YEAR + 1}-06-01`], ['June 2 (nothing new)', `${YEAR + 1}-06-02`]] as const) {
    t = Date.now();
    const r = await recordDueReminders(pool, date, config);
    const ms = Date.now() - t;
    const rows = r.creditRepair + r.annualReport;
    console.log(`${label.padEnd(24)} ${date}: ${r.creditRepair.toLocaleString('en')} credit-repair + ${r.annualReport.toLocaleString('en')} annual-report rows in ${ms.toLocaleString('en')} ms${rows ? ` (${rate(rows, ms)})` : ''}; next due ${r.nextDue}`);
  }
} finally {

  await pool.end();
  await db.drop();
}
