// The upward reports' records (docs/policy.md#p-type-directory) on a real PostgreSQL: the 名特优新 intake report carries
// each label once, keyed (uscc, year, label_kind), however often it runs; the default sender only
// writes the file and says WRITTEN; a sender that reaches an endpoint is offered the pending reports
// again and its answer (SUBMITTED, with its reference) is recorded.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCategoryIntake } from '../../activities/categoryIntakeReport';
import { fileOnlySender, type DirectoryReport, type DirectorySender } from '../../activities/directorySender';
import { loadKnownPopulation, type KnownPopulation } from '../support/categoryPopulation';
import { isolatedDatabase, type IsolatedDatabase } from '../support/database';

const YEAR = 2031;
let db: IsolatedDatabase;
let population: KnownPopulation;
const exportDir = mkdtempSync(path.join(tmpdir(), 'getihu-reports-'));

const label = (uscc: string, category: string, channel: 'SELF' | 'RECOMMENDED', recommenderDept: string | null = null) => ({
  uscc, year: YEAR, category, channel, recommenderDept, designatedOn: new Date(`${YEAR}-10-28`), validUntil: new Date(`${YEAR + 3}-10-27`), batch: `${YEAR}-第一批`, status: 'ACTIVE',
});

beforeAll(async () => {
  db = await isolatedDatabase();
  population = await loadKnownPopulation(db.pool, { year: YEAR, growth: 4, survival: 1 });
});

afterAll(async () => {
  await db?.drop();
});

describe('the 名特优新 intake report', () => {
  it('reports each label once, as WRITTEN by default, and records what a real sender acknowledges', async () => {
    const [a, b, c, d] = population.growth.map((g) => g.uscc) as [string, string, string, string];
    await db.prisma.categoryLabel.createMany({ data: [label(a, 'MING', 'RECOMMENDED', '商务局'), label(b, 'TE', 'SELF'), label(c, 'YOU', 'SELF')] });

    const first = await reportCategoryIntake(db.prisma, db.pool, exportDir, fileOnlySender, YEAR);
    expect(first).toMatchObject({ rows: 3, status: 'WRITTEN' });
    const text = readFileSync(first.file!, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true); // spreadsheet software then reads the Chinese header as UTF-8
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('统一社会信用代码,名特优新类别,认定渠道,推荐部门,认定日期,有效期至,认定批次,标签状态');
    expect(lines.slice(1)).toEqual([a, b, c].sort().map((uscc) => ({
      [a]: `${a},知名,部门推荐,商务局,${YEAR}-10-28,${YEAR + 3}-10-27,${YEAR}-第一批,有效`,
      [b]: `${b},特色,自主申报,,${YEAR}-10-28,${YEAR + 3}-10-27,${YEAR}-第一批,有效`,
      [c]: `${c},优质,自主申报,,${YEAR}-10-28,${YEAR + 3}-10-27,${YEAR}-第一批,有效`,
    })[uscc]));
    expect(await db.prisma.directorySubmission.findUniqueOrThrow({ where: { id: first.submissionId! } }))
      .toMatchObject({ kind: 'CATEGORY_INTAKE', status: 'WRITTEN', sender: 'file', reference: null, acknowledgedAt: null, rows: 3 });
    expect(await db.prisma.directoryReportEntry.count({ where: { year: YEAR, labelKind: 'CATEGORY', submissionId: first.submissionId! } })).toBe(3);

    // Run again with nothing new: nothing reported, nothing recorded.
    expect(await reportCategoryIntake(db.prisma, db.pool, exportDir, fileOnlySender, YEAR)).toEqual({ submissionId: null, file: null, rows: 0, status: null });
    expect(await db.prisma.directorySubmission.count()).toBe(1);

    // A late confirmation, and a sender that reaches an endpoint: the pending report goes first, then the new one with its one label.
    await db.prisma.categoryLabel.create({ data: label(d, 'XIN', 'SELF') });
    const sent: DirectoryReport[] = [];
    const endpoint: DirectorySender = { name: 'provincial-api', send: async (report) => (sent.push(report), { status: 'SUBMITTED', reference: `HB-${sent.length}` }) };
    const second = await reportCategoryIntake(db.prisma, db.pool, exportDir, endpoint, YEAR);
    expect(second).toMatchObject({ rows: 1, status: 'SUBMITTED' });
    expect(sent.map((r) => [r.kind, r.rows])).toEqual([['CATEGORY_INTAKE', 3], ['CATEGORY_INTAKE', 1]]);
    const submissions = await db.prisma.directorySubmission.findMany({ orderBy: { submittedAt: 'asc' } });
    expect(submissions.map((s) => [s.rows, s.status, s.sender, s.reference])).toEqual([[3, 'SUBMITTED', 'provincial-api', 'HB-1'], [1, 'SUBMITTED', 'provincial-api', 'HB-2']]);
    expect((await db.prisma.directoryReportEntry.findUniqueOrThrow({ where: { uscc_year_labelKind: { uscc: d, year: YEAR, labelKind: 'CATEGORY' } } })).submissionId).toBe(second.submissionId);
    expect(await db.prisma.auditEntry.count({ where: { action: 'DIRECTORY_REPORT_SUBMITTED' } })).toBe(2);
  });
});
