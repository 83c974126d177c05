// The audit trail: one append-only row per state change or human decision (domain.md §11, §17).
import type { Prisma } from '../prisma/client';

export interface AuditRecord {
  actorId: string | null;
  actorRole: string;          // a Role, or 'SYSTEM' for workflow-driven changes
  action: string;             // e.g. CYCLE_STARTED, CYCLE_PHASE_CHANGED
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

type AuditWriter = Pick<Prisma.TransactionClient, 'auditEntry'>;

export async function writeAudit(db: AuditWriter, record: AuditRecord): Promise<void> {
  await auditEntry(db, record);
}

/** The audit entry's create operation, for batching in `prisma.$transaction([...])` with the change it records. */
export function auditEntry(db: AuditWriter, record: AuditRecord) {
  return db.auditEntry.create({
    data: {
      actorId: record.actorId,
      actorRole: record.actorRole,
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      before: toJson(record.before),
      after: toJson(record.after),
      requestId: record.requestId ?? null,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}
