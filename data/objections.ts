// Public objections in PostgreSQL: their decisions (each audited, idempotent under retries).
import type { Actor } from '../messages/taskMessages';
import type { PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

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
