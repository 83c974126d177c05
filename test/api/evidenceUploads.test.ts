// Evidence uploads are what they claim to be and cannot fill the database: the content's first bytes
// must match the declared type (415, nothing stored), and a household's uploads per year are capped in
// number and total size (422), also under concurrent uploads. Real PostgreSQL; Temporal is not involved.
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../api/abuseLimits';
import { createApp } from '../../api/app';
import { syntheticUscc } from '../../scripts/syntheticPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';

const YEAR = 2026;
let db: IsolatedDatabase;
let nextHousehold = 0;

beforeAll(async () => {
  db = await isolatedDatabase();
});

afterAll(async () => {
  await db?.drop();
});

const appWith = (quota: Partial<AbuseLimits['evidencePerHouseholdPerYear']> = {}): Express =>
  createApp({
    prisma: db.prisma, pool: db.pool, temporal: {} as Client, operatorIdKey: 'test-key', // uploads never reach Temporal
    limits: { ...DEFAULT_ABUSE_LIMITS, evidencePerHouseholdPerYear: { ...DEFAULT_ABUSE_LIMITS.evidencePerHouseholdPerYear, ...quota } },
  });
const household = async (): Promise<TestPrincipal & { uscc: string }> => {
  const uscc = syntheticUscc(800_000 + nextHousehold++, '421303');
  return { ...(await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc })), uscc };
};

// The smallest real files of each type.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b40000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(32), Buffer.from('ffd9', 'hex')]);
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(64)]);
const padded = (file: Buffer, size: number) => Buffer.concat([file, Buffer.alloc(size - file.length, 0x20)]);

const upload = (app: Express, who: TestPrincipal, type: string, body: Buffer, year = YEAR) =>
  request(app).post(`/api/v1/evidence?year=${year}&field=craftDescription&fileName=${encodeURIComponent('证明材料')}`)
    .set('Authorization', `Bearer ${who.token}`).set('Content-Type', type).send(body);

describe('content', () => {
  it('refuses a file whose content is not of its declared type, and stores nothing', async () => {
    const app = appWith();
    const who = await household();
    const refusals = [
      await upload(app, who, 'application/pdf', Buffer.from('<script>alert(1)</script> 这不是 PDF 文件')),
      await upload(app, who, 'application/pdf', EXE),
      await upload(app, who, 'image/jpeg', PNG),
      await upload(app, who, 'image/png', PDF),
    ];
    expect(refusals.map((r) => r.status)).toEqual([415, 415, 415, 415]);
    expect(refusals[0]!.body).toEqual({ code: 'CONTENT_TYPE_MISMATCH', message: expect.stringContaining('文件内容与声明的类型不符'), details: [{ declared: 'application/pdf', detected: null }] });
    expect(refusals[2]!.body.details).toEqual([{ declared: 'image/jpeg', detected: 'image/png' }]);
    expect(refusals[2]!.body.message).toContain('实际内容为 image/png');
    expect(await db.prisma.evidenceFile.count({ where: { uscc: who.uscc } })).toBe(0);
    expect(await db.prisma.auditEntry.count({ where: { action: 'EVIDENCE_UPLOADED', actorId: who.id } })).toBe(0);

    const stored = [await upload(app, who, 'application/pdf', PDF), await upload(app, who, 'image/png', PNG), await upload(app, who, 'image/jpeg', JPEG)];
    expect(stored.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(stored.map((r) => r.body.contentType)).toEqual(['application/pdf', 'image/png', 'image/jpeg']);
  });
});

describe('quota per household and year', () => {
  it('caps the number of files, per year and per household', async () => {
    const app = appWith({ files: 3 });
    const who = await household();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await upload(app, who, 'application/pdf', PDF));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 422]);
    expect(answers[3]!.body).toMatchObject({
      code: 'EVIDENCE_QUOTA_EXCEEDED', message: expect.stringContaining('已达上限'),
      details: [{ year: YEAR, usedFiles: 3, usedBytes: 3 * PDF.length, maxFiles: 3, maxBytes: DEFAULT_ABUSE_LIMITS.evidencePerHouseholdPerYear.bytes }],
    });
    expect(await db.prisma.evidenceFile.count({ where: { uscc: who.uscc } })).toBe(3);
    expect(await db.prisma.auditEntry.count({ where: { action: 'EVIDENCE_UPLOADED', actorId: who.id } })).toBe(3);
    // Next year's quota and another household's are their own.
    expect((await upload(app, who, 'application/pdf', PDF, YEAR + 1)).status).toBe(201);
    expect((await upload(app, await household(), 'application/pdf', PDF)).status).toBe(201);
  });

  it('caps the total size', async () => {
    const app = appWith({ bytes: 1024 * 1024 });
    const who = await household();
    expect((await upload(app, who, 'application/pdf', padded(PDF, 600 * 1024))).status).toBe(201);
    const over = await upload(app, who, 'application/pdf', padded(PDF, 600 * 1024));
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('EVIDENCE_QUOTA_EXCEEDED');
    expect((await upload(app, who, 'application/pdf', padded(PDF, 400 * 1024))).status).toBe(201);
    expect((await db.prisma.evidenceFile.aggregate({ where: { uscc: who.uscc }, _sum: { sizeBytes: true } }))._sum.sizeBytes).toBe(1000 * 1024);
  });

  it('holds the quota under concurrent uploads', async () => {
    const app = appWith({ files: 3 });
    const who = await household();
    const answers = await Promise.all(Array.from({ length: 8 }, () => upload(app, who, 'image/png', PNG)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 422, 422, 422, 422, 422]);
    expect(await db.prisma.evidenceFile.count({ where: { uscc: who.uscc } })).toBe(3);
  });
});
