// Public objections in PostgreSQL: their decisions (each audited, idempotent under retries).
import type { Actor } from '../messages/taskMessages';
import type { Prisma, PrismaClient } from '../prisma/client';
import { auditEntry, writeAudit } from './audit';

const json = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));

/** One objection's decision; a retry that finds the status already set writes nothing. */
export async function recordObjectionDecision(prisma: PrismaClient, args: { objectionId: string; status: string; decision: unknown; actor: Actor; at: string }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.objection.findUniqueOrThrow({ where: { id: args.objectionId } });
    if (before.status === args.status) return;
    await tx.objection.update({ where: { id: args.objectionId }, data: { status: args.status, decision: json(args.decision), decidedBy: args.actor.id, decidedAt: new Date(args.at) } });
    await writeAudit(tx, { actorId: args.actor.id, actorRole: args.actor.role, action: `OBJECTION_${args.status}`, targetType: 'objection', targetId: args.objectionId, before: { status: before.status }, after: args.decision });
  });
}

/** The decisions of one objection-batch task, in one transaction (each objection as recordObjectionDecision). */
export async function recordObjectionDecisions(
  prisma: PrismaClient,
  args: { decisions: Array<{ objectionId: string; status: string; decision: unknown }>; actor: Actor; at: string },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const rows = await tx.objection.findMany({ where: { id: { in: args.decisions.map((d) => d.objectionId) } }, select: { id: true, status: true } });
    const statusOf = new Map(rows.map((r) => [r.id, r.status]));
    for (const d of args.decisions) {
      const before = { status: statusOf.get(d.objectionId) };
      if (!before.status) throw new Error(`objection ${d.objectionId} not found`);
      if (before.status === d.status) continue;
      await tx.objection.update({ where: { id: d.objectionId }, data: { status: d.status, decision: json(d.decision), decidedBy: args.actor.id, decidedAt: new Date(args.at) } });
      await writeAudit(tx, { actorId: args.actor.id, actorRole: args.actor.role, action: `OBJECTION_${d.status}`, targetType: 'objection', targetId: d.objectionId, before: { status: before.status }, after: d.decision });
    }
  }, { timeout: 120_000 }); // a batch may decide hundreds of objections
}

/** Why an objection was not recorded: the phone objected already, or the application's daily limit is reached. */
export class ObjectionRefused extends Error {
  constructor(readonly reason: 'DUPLICATE' | 'DAILY_LIMIT', readonly dayStartsAt: number) {
    super(reason);
  }
}

export interface NewObjection {
  id: string; year: number; uscc: string; objectorName: string; objectorPhone: string; organisation: string | null;
  facts: string; evidence: Prisma.InputJsonValue; receivedAt: Date; requestId: string;
}

/**
 * Records a public objection (RECEIVED, delivery PENDING) with its audit, in one transaction under an
 * advisory lock per application, so the per-phone and per-day checks cannot be raced past. Throws
 * ObjectionRefused (nothing written) when the phone objected already or `perDay` is reached today.
 */
export async function recordObjection(prisma: PrismaClient, o: NewObjection, perDay: number, dayStartsAt: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    // One writer per application at a time, so the per-phone and per-day checks cannot be raced past.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`objection:${o.year}:${o.uscc}`}))`;
    if (await tx.objection.findUnique({ where: { year_uscc_objectorPhone: { year: o.year, uscc: o.uscc, objectorPhone: o.objectorPhone } }, select: { id: true } })) {
      throw new ObjectionRefused('DUPLICATE', dayStartsAt);
    }
    const today = await tx.objection.count({ where: { year: o.year, uscc: o.uscc, receivedAt: { gte: new Date(dayStartsAt) } } });
    if (today >= perDay) throw new ObjectionRefused('DAILY_LIMIT', dayStartsAt);
    await tx.objection.create({
      data: {
        id: o.id, year: o.year, uscc: o.uscc, objectorName: o.objectorName, objectorPhone: o.objectorPhone, organisation: o.organisation,
        facts: o.facts, evidence: o.evidence, receivedAt: o.receivedAt, status: 'RECEIVED', delivery: 'PENDING',
      },
    });
    await auditEntry(tx, { actorId: null, actorRole: 'PUBLIC', action: 'OBJECTION_RECEIVED', targetType: 'objection', targetId: o.id, after: { uscc: o.uscc, year: o.year }, requestId: o.requestId });
  });
}

export const findObjection = (prisma: PrismaClient, id: string) => prisma.objection.findUnique({ where: { id } });

// ───────────── Delivery to the application's workflow (api/objectionDelivery.ts) ─────────────

/** A Signal that failed: one more attempt counted on a still PENDING objection. */
export async function countDeliveryAttempt(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.objection.updateMany({ where: { id, delivery: 'PENDING' }, data: { deliveryAttempts: { increment: 1 } } });
}

/** The workflow took the Signal: a PENDING objection becomes DELIVERED. */
export async function markDelivered(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.objection.updateMany({
    where: { id, delivery: 'PENDING' },
    data: { delivery: 'DELIVERED', deliveredAt: new Date(), deliveryAttempts: { increment: 1 } },
  });
}

/** The application ended before it heard the objection: NOT_ACCEPTED with `reason`, audited once. */
export async function closeUndeliverableObjection(prisma: PrismaClient, id: string, reason: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const closed = await tx.objection.updateMany({
      where: { id, delivery: 'PENDING' },
      data: { delivery: 'APPLICATION_CLOSED', status: 'NOT_ACCEPTED', decision: { reason }, decidedAt: new Date(), deliveryAttempts: { increment: 1 } },
    });
    if (closed.count === 1) {
      await auditEntry(tx, { actorId: null, actorRole: 'SYSTEM', action: 'OBJECTION_NOT_ACCEPTED', targetType: 'objection', targetId: id, before: { status: 'RECEIVED' }, after: { reason } });
    }
  });
}

/** Up to `take` objections still PENDING that were received before `before`, oldest first. */
export const pendingObjections = (prisma: PrismaClient, before: Date, take: number) =>
  prisma.objection.findMany({
    where: { delivery: 'PENDING', receivedAt: { lt: before } },
    select: { id: true, year: true, uscc: true, receivedAt: true },
    orderBy: { receivedAt: 'asc' },
    take,
  });
