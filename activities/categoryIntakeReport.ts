// The 名特优新 intake report (docs/policy.md#p-type-directory, by Nov 30): the year's category labels not yet reported,
// written as CSV with the §13 fields, recorded as a DirectorySubmission with one DirectoryReportEntry
// per label. The entry's key (uscc, year, label_kind) makes the report idempotent: run again, it carries
// only labels confirmed since (or nothing, and records nothing). Reports the sender has not yet taken
// (WRITTEN) are offered to it again first.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { CATEGORIES } from '../domain/category/categories';
import { CHANNEL_NAMES, LABEL_STATUS_NAMES } from '../domain/category/labelNames';
import type { PrismaClient } from '../prisma/client';
import { countIntakeSubmissions, pendingIntakeSubmissions, recordIntakeSubmission, unreportedCategoryLabels } from '../data/directorySubmissions';
import { deliverReport, type DirectorySender } from './directorySender';

const HEADERS = ['统一社会信用代码', '名特优新类别', '认定渠道', '推荐部门', '认定日期', '有效期至', '认定批次', '标签状态'];

const csvCell = (v: string | null) => (v === null ? '' : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const nameOf = (names: Record<string, string>, code: string) => names[code] ?? code;

export interface IntakeOutcome {
  /** The new submission, or null when every label of the year was already reported. */
  submissionId: string | null;
  file: string | null;
  rows: number;
  status: string | null;
}

export async function reportCategoryIntake(prisma: PrismaClient, pool: pg.Pool, exportDir: string, sender: DirectorySender, year: number): Promise<IntakeOutcome> {
  await resendPending(prisma, sender, year);
  const rows = await unreportedCategoryLabels(pool, year);
  if (rows.length === 0) return { submissionId: null, file: null, rows: 0, status: null };

  const lines = rows.map((r) => [
    r.uscc, nameOf(CATEGORIES, r.category), nameOf(CHANNEL_NAMES, r.channel), r.recommender_dept, r.designated_on, r.valid_until, r.batch, nameOf(LABEL_STATUS_NAMES, r.status),
  ].map(csvCell).join(','));
  // A UTF-8 BOM so that spreadsheet software opens the Chinese header correctly.
  const content = `\ufeff${[HEADERS.join(','), ...lines].join('\n')}\n`;
  const sha256 = createHash('sha256').update(content).digest('hex');
  const sequence = (await countIntakeSubmissions(prisma, year)) + 1;
  const runId = `category-intake-${sequence}`;
  mkdirSync(exportDir, { recursive: true });
  const file = path.join(exportDir, `category-intake-${year}-${sequence}.csv`);
  writeFileSync(file, content);

  // One transaction (data/directorySubmissions.ts): a concurrent run that reported a label first makes it fail, and the retry finds less to do.
  const submission = await recordIntakeSubmission(prisma, { year, runId, file, usccs: rows.map((r) => r.uscc), sha256, sender: sender.name });
  const status = await deliverReport(prisma, sender, submission);
  return { submissionId: submission.id, file, rows: rows.length, status };
}

async function resendPending(prisma: PrismaClient, sender: DirectorySender, year: number): Promise<void> {
  const pending = await pendingIntakeSubmissions(prisma, year);
  for (const s of pending) await deliverReport(prisma, sender, s);
}
