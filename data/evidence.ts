// Evidence files in PostgreSQL (content with its SHA-256), uploaded by a household for a declarable
// field, under a per-household-and-year quota checked under a lock; every upload audited.
import type { PrismaClient } from '../prisma/client';
import { auditEntry } from './audit';

/** The quota would be overrun: what the household has used so far (nothing was written). */
export class EvidenceQuotaExceeded extends Error {
  constructor(readonly usedFiles: number, readonly usedBytes: number) {
    super('EVIDENCE_QUOTA_EXCEEDED');
  }
}

export interface NewEvidence {
  id: string; uscc: string; year: number; field: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; uploadedBy: string;
}

/**
 * Stores an upload and its EVIDENCE_UPLOADED audit in one transaction; one upload per household and year
 * at a time (an advisory lock), so concurrent uploads cannot overrun the quota. Throws
 * EvidenceQuotaExceeded when this file would overrun it.
 */
export async function storeEvidence(
  prisma: PrismaClient,
  evidence: NewEvidence,
  content: Buffer,
  quota: { files: number; bytes: number },
  actor: { id: string; role: string; requestId: string },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    // One upload per household and year at a time, so concurrent uploads cannot overrun the quota.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`evidence:${evidence.uscc}:${evidence.year}`}))`;
    const used = await tx.evidenceFile.aggregate({ where: { uscc: evidence.uscc, year: evidence.year }, _count: { _all: true }, _sum: { sizeBytes: true } });
    const files = used._count._all;
    const bytes = used._sum.sizeBytes ?? 0;
    if (files + 1 > quota.files || bytes + evidence.sizeBytes > quota.bytes) throw new EvidenceQuotaExceeded(files, bytes);
    await tx.evidenceFile.create({ data: { ...evidence, content: new Uint8Array(content) } });
    await auditEntry(tx, { actorId: actor.id, actorRole: actor.role, action: 'EVIDENCE_UPLOADED', targetType: 'evidence', targetId: evidence.id, after: { field: evidence.field, fileName: evidence.fileName, sha256: evidence.sha256, sizeBytes: evidence.sizeBytes }, requestId: actor.requestId });
  });
}

export const findEvidence = (prisma: PrismaClient, id: string) => prisma.evidenceFile.findUnique({ where: { id } });

/** The household's own files among `ids` (a file of another household is not returned). */
export const householdEvidenceFiles = (prisma: PrismaClient, uscc: string, ids: string[]) =>
  prisma.evidenceFile.findMany({ where: { id: { in: ids }, uscc } });
