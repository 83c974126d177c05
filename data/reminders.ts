// The reminders' outbox rows (docs/policy.md#p-credit-repair-reminder, docs/policy.md#p-annual-report-reminder):
// one day's batch is one INSERT … SELECT per kind into the mail outbox, keyed so a row is never recorded
// twice (`credit-repair:{decision no}:{principal}`, `annual-report:{uscc}:{report year}:{principal}`),
// and one audit row with the counts, all in one transaction. Set-based on purpose: at a million
// households the June 1 batch is tens of thousands of rows, and a per-household loop would be the cost.
import type pg from 'pg';
import { annualReportDue, nextAnnualReportDay, type ReminderConfig } from '../domain/reminders/reminderConfig';
import { ANNUAL_REPORT_MAIL, CREDIT_REPAIR_MAIL } from '../domain/reminders/reminderMail';
import { activityAuditKey } from './audit';
import { inPgTransaction } from './pgTransaction';

export const REMINDER_KINDS = ['CREDIT_REPAIR_REMINDER', 'ANNUAL_REPORT_REMINDER'] as const;

// Registered households with an address, of businesses not cancelled or revoked.
const RECIPIENT_JOINS = `
  JOIN business b ON b.uscc = d.uscc AND b.status IN ('ACTIVE', 'SUSPENDED')
  JOIN principal pr ON pr.uscc = d.uscc AND pr.role = 'HOUSEHOLD' AND NOT pr.disabled AND pr.email IS NOT NULL`;

// Penalties that can still be repaired: not repaired, no unrepairable measure; with the day repair
// becomes possible (decided_on + the domain's months, PostgreSQL month arithmetic: Aug 31 + 6 months = Feb 28).
const REPAIRABLE = `
  SELECT p.decision_no, p.uscc, p.decided_on, p.authority, p.public_until,
    (p.decided_on + make_interval(months => CASE WHEN p.domain = ANY($2::text[]) THEN $4::int ELSE $3::int END))::date AS repairable_on
  FROM administrative_penalty p
  WHERE p.credit_repaired_on IS NULL AND p.public_until IS NOT NULL AND NOT (p.measures && $5::text[])`;

const configArgs = (c: ReminderConfig) => [c.strictDomains, c.repairAfterMonths, c.repairAfterMonthsStrict, c.unrepairableMeasures];

/** Records the credit-repair reminders due by `date`: repairable on or before it and still published on it. */
const RECORD_CREDIT_REPAIR = `
  WITH d AS (${REPAIRABLE})
  INSERT INTO notification (dedupe_key, kind, principal_id, subject, body)
  SELECT k.key, 'CREDIT_REPAIR_REMINDER', pr.id, $6,
    format($7, d.uscc, d.decision_no, to_char(d.decided_on, 'YYYY-MM-DD'), d.authority, to_char(d.repairable_on, 'YYYY-MM-DD'), to_char(d.public_until, 'YYYY-MM-DD'))
  FROM d ${RECIPIENT_JOINS}
  CROSS JOIN LATERAL (SELECT 'credit-repair:' || d.decision_no || ':' || pr.id::text AS key) k
  WHERE d.repairable_on <= $1::date AND d.public_until > $1::date
    AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.dedupe_key = k.key) -- recorded before: skipped before rendering
  ON CONFLICT (dedupe_key) DO NOTHING`;

/** The first day after `date` on which a penalty becomes repairable while still published. */
const NEXT_CREDIT_REPAIR = `
  SELECT min(d.repairable_on)::text AS next FROM (${REPAIRABLE}) d
  WHERE d.repairable_on > $1::date AND d.public_until > d.repairable_on`;

/** Records the annual-report reminders of the run's NO_ANNUAL_REPORT households that have not filed since. */
const RECORD_ANNUAL_REPORT = `
  WITH d AS (SELECT r.uscc FROM typing_result r WHERE r.run_id = $1 AND r.type = 'UNTYPED' AND r.reason = 'NO_ANNUAL_REPORT')
  INSERT INTO notification (dedupe_key, kind, principal_id, subject, body)
  SELECT k.key, 'ANNUAL_REPORT_REMINDER', pr.id, $4,
    format($5, d.uscc, $6::text, $7::text, $3::text, $2::text)
  FROM d ${RECIPIENT_JOINS}
  CROSS JOIN LATERAL (SELECT 'annual-report:' || d.uscc || ':' || $2::text || ':' || pr.id::text AS key) k
  WHERE NOT EXISTS (SELECT 1 FROM annual_report a WHERE a.uscc = d.uscc AND a.report_year = $2::int)
    AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.dedupe_key = k.key)
  ON CONFLICT (dedupe_key) DO NOTHING`;

const chineseDate = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

export interface RecordedReminders {
  creditRepair: number;
  annualReport: number;
  runId: string | null;
  nextDue: string | null;
}

/**
 * Records every reminder due on `date` (Asia/Shanghai) not recorded before, and audits the batch once
 * with its counts (a batch that records nothing writes no audit row); returns the next day anything is due.
 */
export async function recordDueReminders(pool: pg.Pool, date: string, config: ReminderConfig): Promise<RecordedReminders> {
  const annual = annualReportDue(date, config);
  // A pg transaction, not Prisma's interactive one: the backlog or the June 1 batch at a million
  // households takes longer than its 5 s limit (bench/reminders.ts).
  return inPgTransaction(pool, async (client) => {
    const creditRepair = (await client.query(RECORD_CREDIT_REPAIR, [date, ...configArgs(config), CREDIT_REPAIR_MAIL.subject, CREDIT_REPAIR_MAIL.body])).rowCount ?? 0;
    let annualReport = 0;
    let runId: string | null = null;
    if (annual) {
      // The typing year's current result: its latest finished run (the re-run once it has run).
      const { rows: [run] } = await client.query<{ id: string }>(
        `SELECT id FROM typing_run WHERE year = $1 AND status = 'DONE' ORDER BY finished_at DESC NULLS LAST LIMIT 1`, [annual.typingYear],
      );
      if (run) {
        runId = run.id;
        annualReport = (await client.query(RECORD_ANNUAL_REPORT, [
          run.id, annual.reportYear, chineseDate(annual.deadline), ANNUAL_REPORT_MAIL.subject, ANNUAL_REPORT_MAIL.body, annual.typingYear, annual.typingYear - 1,
        ])).rowCount ?? 0;
      }
    }
    const next = (await client.query<{ next: string | null }>(NEXT_CREDIT_REPAIR, [date, ...configArgs(config)])).rows[0]?.next ?? null;
    const annualNext = nextAnnualReportDay(date, config);
    const nextDue = next !== null && next < annualNext ? next : annualNext;
    if (creditRepair + annualReport > 0) {
      // Keyed on the activity (the same on every attempt): a retried batch writes no second row.
      await client.query(
        `INSERT INTO audit_entry (actor_id, actor_role, action, target_type, target_id, after, idempotency_key)
         VALUES (NULL, 'SYSTEM', 'REMINDERS_RECORDED', 'reminder_batch', $1, $2::jsonb, $3)`,
        [date, JSON.stringify({ date, creditRepair, annualReport, runId }), activityAuditKey('REMINDERS_RECORDED', 'reminder_batch', date)],
      );
    }
    return { creditRepair, annualReport, runId, nextDue };
  });
}

/** Reminder rows not sent yet, in key order after `after` (the sender's page). */
export async function unsentReminders(pool: pg.Pool, after: string, limit: number): Promise<string[]> {
  const { rows } = await pool.query<{ dedupe_key: string }>(
    `SELECT dedupe_key FROM notification WHERE sent_at IS NULL AND kind = ANY($1::text[]) AND dedupe_key > $2 ORDER BY dedupe_key LIMIT $3`,
    [REMINDER_KINDS, after, limit],
  );
  return rows.map((r) => r.dedupe_key);
}
