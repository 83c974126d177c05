// Upward reports to the provincial/national directory (docs/policy.md#p-type-directory): one
// directory_submission per written report and one directory_report_entry per label it carried, keyed
// (uscc, year, label_kind) so a label is reported once; what the sender vouched for is recorded, audited.
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

export type SubmissionRow = Awaited<ReturnType<PrismaClient['directorySubmission']['findUniqueOrThrow']>>;

export const findTypingSubmission = (prisma: PrismaClient, year: number, runId: string) =>
  prisma.directorySubmission.findUnique({ where: { year_runId: { year, runId } } });

/** The typing labels' report and an entry per label (pointing at the latest report that carried it), in one transaction. */
export async function recordTypingSubmission(
  prisma: PrismaClient,
  args: { year: number; runId: string; file: string; rows: number; sha256: string; sender: string },
): Promise<SubmissionRow> {
  return prisma.$transaction(async (tx) => {
    const created = await tx.directorySubmission.create({
      data: { year: args.year, runId: args.runId, kind: 'NATIONAL_TYPING', file: args.file, rows: args.rows, sha256: args.sha256, status: 'WRITTEN', sender: args.sender },
    });
    await tx.$executeRaw`INSERT INTO directory_report_entry (uscc, year, label_kind, submission_id)
      SELECT uscc, ${args.year}, 'TYPING', ${created.id}::uuid FROM typing_result WHERE run_id = ${args.runId}
      ON CONFLICT (uscc, year, label_kind) DO UPDATE SET submission_id = EXCLUDED.submission_id, reported_at = now()`;
    await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'DIRECTORY_WRITTEN', targetType: 'cycle', targetId: String(args.year), after: { runId: args.runId, rows: args.rows, sha256: args.sha256 } });
    return created;
  });
}

/** What a sender vouched for (SUBMITTED or ACKNOWLEDGED) on one submission, audited. */
export async function recordReportOutcome(
  prisma: PrismaClient,
  s: { id: string; kind: string },
  sender: string,
  outcome: { status: string; reference?: string },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.directorySubmission.update({
      where: { id: s.id },
      data: { status: outcome.status, sender, reference: outcome.reference ?? null, acknowledgedAt: outcome.status === 'ACKNOWLEDGED' ? new Date() : null },
    });
    await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: `DIRECTORY_REPORT_${outcome.status}`, targetType: 'directory_submission', targetId: s.id, after: { kind: s.kind, reference: outcome.reference ?? null } });
  });
}

/** The year's category-intake reports the sender has not yet taken (WRITTEN), oldest first. */
export const pendingIntakeSubmissions = (prisma: PrismaClient, year: number) =>
  prisma.directorySubmission.findMany({ where: { year, kind: 'CATEGORY_INTAKE', status: 'WRITTEN' }, orderBy: { submittedAt: 'asc' } });

/** How many category-intake reports the year has (the next one's sequence is this plus one). */
export const countIntakeSubmissions = (prisma: PrismaClient, year: number) =>
  prisma.directorySubmission.count({ where: { year, kind: 'CATEGORY_INTAKE' } });

export interface UnreportedLabel {
  uscc: string; category: string; channel: string; recommender_dept: string | null; designated_on: string; valid_until: string; batch: string; status: string;
}

/** The year's category labels no report has carried yet, by USCC. */
export async function unreportedCategoryLabels(pool: pg.Pool, year: number): Promise<UnreportedLabel[]> {
  const { rows } = await pool.query<UnreportedLabel>(
    `SELECT l.uscc, l.category, l.channel, l.recommender_dept, to_char(l.designated_on, 'YYYY-MM-DD') AS designated_on,
       to_char(l.valid_until, 'YYYY-MM-DD') AS valid_until, l.batch, l.status
     FROM category_label l
     WHERE l.year = $1 AND NOT EXISTS (SELECT 1 FROM directory_report_entry e WHERE e.uscc = l.uscc AND e.year = l.year AND e.label_kind = 'CATEGORY')
     ORDER BY l.uscc`,
    [year],
  );
  return rows;
}

/**
 * One transaction: the intake submission and its entries, or nothing (a concurrent run that reported the
 * same label first makes this one fail on the entry's key, and the activity's retry finds less to do).
 */
export async function recordIntakeSubmission(
  prisma: PrismaClient,
  args: { year: number; runId: string; file: string; usccs: string[]; sha256: string; sender: string },
): Promise<SubmissionRow> {
  const { year, runId, file, usccs, sha256 } = args;
  return prisma.$transaction(async (tx) => {
    const created = await tx.directorySubmission.create({ data: { year, runId, kind: 'CATEGORY_INTAKE', file, rows: usccs.length, sha256, status: 'WRITTEN', sender: args.sender } });
    await tx.directoryReportEntry.createMany({ data: usccs.map((uscc) => ({ uscc, year, labelKind: 'CATEGORY', submissionId: created.id })) });
    await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'CATEGORY_INTAKE_WRITTEN', targetType: 'cycle', targetId: String(year), after: { submissionId: created.id, rows: usccs.length, sha256 } });
    return created;
  });
}
