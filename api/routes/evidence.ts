// Evidence files: uploaded by a household for a declarable field (a department-supplied one is
// refused, as in the declaration), stored with their SHA-256, read back by the household, the
// county's staff and auditors. Uploads are audited; contents never reach logs or workflow history.
// The content must be what its type claims (magic bytes), and a household's uploads per year are capped.
import { createHash, randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import { findBusiness } from '../../data/businesses';
import { EvidenceQuotaExceeded, findEvidence, storeEvidence } from '../../data/evidence';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, refusedFields } from '../../domain/category/applicationForm';
import type { PrismaClient } from '../../prisma/client';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../abuseLimits';
import { assertCounty, principalOf, requireRole } from '../auth';
import { parseRequest } from '../contract';
import { downloadEvidence, uploadEvidence } from '../contracts/evidence';
import { ApiError, forbidden, notFound } from '../errors';

type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** What file-type may report for each accepted declared type (an animated PNG is still a PNG). */
const SNIFFED_AS: Record<EvidenceType, string[]> = {
  'application/pdf': ['application/pdf'],
  'image/jpeg': ['image/jpeg'],
  'image/png': ['image/png', 'image/apng'],
};

export function evidenceRouter({ prisma, limits = DEFAULT_ABUSE_LIMITS }: { prisma: PrismaClient; limits?: AbuseLimits }): Router {
  const router = Router();
  const raw = express.raw({ type: [...EVIDENCE_TYPES], limit: EVIDENCE_MAX_BYTES });

  router.post(uploadEvidence.path, requireRole(...uploadEvidence.roles), raw, async (req, res) => {
    const { query } = parseRequest(uploadEvidence, req);
    const p = principalOf(res);
    if (!p.uscc) throw forbidden('该经营者账号未关联个体工商户');
    const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(EVIDENCE_TYPES as readonly string[]).includes(type) || !Buffer.isBuffer(req.body)) {
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `佐证材料须为 ${EVIDENCE_TYPES.join('、')} 文件`);
    }
    const refusals = refusedFields({}, [{ field: query.field }]);
    if (refusals.length) throw new ApiError(refusals[0]!.code === 'DEPARTMENT_SUPPLIED_FIELD' ? 422 : 400, refusals[0]!.code, refusals[0]!.message, refusals);
    const content = req.body as Buffer;
    if (content.length === 0) throw new ApiError(400, 'EMPTY_FILE', '文件为空');
    // The declared type is only a claim: the first bytes must say the same (a script named .pdf is refused).
    const sniffed = (await fileTypeFromBuffer(content))?.mime ?? null;
    if (!sniffed || !SNIFFED_AS[type as EvidenceType].includes(sniffed)) {
      throw new ApiError(415, 'CONTENT_TYPE_MISMATCH', `文件内容与声明的类型不符：声明为 ${type}，实际内容${sniffed ? `为 ${sniffed}` : '无法识别'}。请上传真实的 PDF、JPEG 或 PNG 文件`, [{ declared: type, detected: sniffed }]);
    }
    const evidence = {
      id: randomUUID(), uscc: p.uscc, year: query.year, field: query.field, fileName: query.fileName, contentType: type,
      sizeBytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), uploadedBy: p.id,
    };
    const quota = limits.evidencePerHouseholdPerYear;
    try {
      // One transaction under a lock per household and year (data/evidence.ts): concurrent uploads cannot overrun the quota.
      await storeEvidence(prisma, evidence, content, quota, { id: p.id, role: p.role, requestId: res.locals.requestId as string });
    } catch (error) {
      if (!(error instanceof EvidenceQuotaExceeded)) throw error;
      const { usedFiles: files, usedBytes: bytes } = error;
      throw new ApiError(422, 'EVIDENCE_QUOTA_EXCEEDED',
        `本户 ${evidence.year} 年度的佐证材料已达上限（不超过 ${quota.files} 个文件、共 ${Math.floor(quota.bytes / 1024 / 1024)} MB；已上传 ${files} 个、${(bytes / 1024 / 1024).toFixed(1)} MB）`,
        [{ year: evidence.year, usedFiles: files, usedBytes: bytes, maxFiles: quota.files, maxBytes: quota.bytes }]);
    }
    const { id, uscc: _uscc, uploadedBy: _by, ...view } = evidence;
    res.status(201).json({ evidenceId: id, ...view });
  });

  router.get(downloadEvidence.path, requireRole(...downloadEvidence.roles), async (req, res) => {
    const { params } = parseRequest(downloadEvidence, req);
    const p = principalOf(res);
    const file = await findEvidence(prisma, params.id);
    if (!file) throw notFound('EVIDENCE_NOT_FOUND', '佐证材料不存在');
    if (p.role === 'HOUSEHOLD' && p.uscc !== file.uscc) throw forbidden('经营者只能查看本户的材料');
    if (p.role !== 'HOUSEHOLD') {
      const business = await findBusiness(prisma, file.uscc);
      if (business) assertCounty(p, business.county);
    }
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    res.setHeader('X-Content-SHA256', file.sha256);
    res.send(Buffer.from(file.content));
  });

  return router;
}
