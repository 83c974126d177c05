// The audit trail: one append-only row per state change or human decision (docs/policy.md#p-audit).
// The database chains every row (trigger audit_entry_chain: chain_seq, prev_hash, hash) and refuses any
// UPDATE, DELETE or TRUNCATE of the table; this is the one way the application writes a row.
import type { Prisma } from '../prisma/client';
import { currentActivityKey } from './idempotency';

export interface AuditRecord {
  actorId: string | null;
  actorRole: string;          // a Role, or 'SYSTEM' for workflow-driven changes
  action: string;             // e.g. CYCLE_STARTED, CYCLE_PHASE_CHANGED
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /**
   * A row with a key written before is skipped by the database. Inside an activity it defaults to the
   * activity's own key plus action and target, so a retried activity never writes its row twice.
   */
  idempotencyKey?: string | null;
}

type AuditWriter = Pick<Prisma.TransactionClient, 'auditEntry'>;

export async function writeAudit(db: AuditWriter, record: AuditRecord): Promise<void> {
  await auditEntry(db, record);
}

/** The audit entry's create operation, for batching in `prisma.$transaction([...])` with the change it records. */
export function auditEntry(db: AuditWriter, record: AuditRecord) {
  // createMany, not create: a row skipped for its idempotency key returns no row, which `create` would call an error.
  return db.auditEntry.createMany({
    data: {
      actorId: record.actorId,
      actorRole: record.actorRole,
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      before: toJson(record.before),
      after: toJson(record.after),
      requestId: record.requestId ?? null,
      idempotencyKey: record.idempotencyKey ?? activityAuditKey(record.action, record.targetType, record.targetId),
    },
  });
}

/** The audit key an activity's row gets by default: the activity's own key plus action and target. */
export function activityAuditKey(action: string, targetType: string, targetId: string): string | null {
  const activity = currentActivityKey();
  return activity && `${activity}:${action}:${targetType}:${targetId}`;
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}
