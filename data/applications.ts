// The 名特优新 application read model in PostgreSQL: one row per (year, USCC), every status change audited.
// Each write is idempotent under activity retries.
import type { ApplicationInput } from '../messages/applicationMessages';
import { applicationWorkflowId } from '../messages/ids';
import type { PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';
import { claimEffect } from './idempotency';

const json = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));

/** Records a submitted application; a household declaring again (after a refused gate or a withdrawal) replaces its row. */
export async function recordApplication(prisma: PrismaClient, input: ApplicationInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const existing = await tx.application.findUnique({ where: { year_uscc: { year: input.year, uscc: input.uscc } } });
    if (existing?.id === input.applicationId) return;
    // A household may declare again after a refused gate or a withdrawal: the row follows the new application.
    const data = {
      id: input.applicationId, year: input.year, uscc: input.uscc, county: input.county, category: input.category, channel: input.channel,
      status: input.channel === 'SELF' ? 'SUBMITTED' : 'RECOMMENDED', workflowId: applicationWorkflowId(input.year, input.uscc),
      submittedAt: new Date(input.submittedAt), submittedBy: input.submittedBy.id, declared: json(input.declared),
      gate: undefined, criteria: undefined, review: undefined, score: null, scorePassed: null, rank: null, selected: null, explanation: null, noticeEndsAt: null,
    };
    if (existing) await tx.application.delete({ where: { id: existing.id } });
    await tx.application.create({ data });
    await writeAudit(tx, {
      actorId: input.submittedBy.id, actorRole: input.submittedBy.role, action: 'APPLICATION_SUBMITTED', targetType: 'application', targetId: input.applicationId,
      after: { uscc: input.uscc, category: input.category, channel: input.channel, recommendation: input.recommendation?.recommendationId ?? null },
    });
  });
}

/** A status change decided by the application's workflow, with the fields it settles; written once per (status, time). */
export async function updateApplicationStatus(
  prisma: PrismaClient,
  args: { applicationId: string; status: string; at: string; note: string | null; patch: Record<string, unknown> },
): Promise<void> {
  const { patch } = args;
  await prisma.$transaction(async (tx) => {
    const before = await tx.application.findUniqueOrThrow({ where: { id: args.applicationId } });
    // The workflow's decision (status at its time) is the change's own idempotency key.
    if (!(await claimEffect(tx, `application-status:${args.applicationId}:${args.status}@${args.at}`))) return;
    await tx.application.update({
      where: { id: args.applicationId },
      data: {
        status: args.status,
        ...('gate' in patch ? { gate: json(patch.gate) } : {}),
        ...('criteria' in patch ? { criteria: json(patch.criteria) } : {}),
        ...('review' in patch ? { review: json(patch.review) } : {}),
        ...('score' in patch ? { score: patch.score as number } : {}),
        ...('scorePassed' in patch ? { scorePassed: patch.scorePassed as boolean } : {}),
        ...('rank' in patch ? { rank: patch.rank as number | null } : {}),
        ...('selected' in patch ? { selected: patch.selected as boolean } : {}),
        ...('explanation' in patch ? { explanation: patch.explanation as string } : {}),
        ...('candidate' in patch ? { candidate: json(patch.candidate) } : {}),
        ...('noticeEndsAt' in patch ? { noticeEndsAt: patch.noticeEndsAt ? new Date(patch.noticeEndsAt as string) : null } : {}),
      },
    });
    await writeAudit(tx, {
      actorId: null, actorRole: 'SYSTEM', action: 'APPLICATION_STATUS_CHANGED', targetType: 'application', targetId: args.applicationId,
      before: { status: before.status }, after: { status: args.status, note: args.note }, requestId: `${args.status}@${args.at}`,
    });
  });
}

/** A household's application of one year, or null. */
export const findApplication = (prisma: PrismaClient, year: number, uscc: string) =>
  prisma.application.findUnique({ where: { year_uscc: { year, uscc } } });

/** The evidence an application's declaration cites (from its read model), or none. */
export async function citedEvidence(prisma: PrismaClient, year: number, uscc: string) {
  const row = await prisma.application.findUnique({ where: { year_uscc: { year, uscc } }, select: { declared: true } });
  return ((row?.declared as { evidence?: unknown[] } | null)?.evidence ?? []) as Array<{ evidenceId: string; field: string; title: string; fileName?: string; sizeBytes?: number }>;
}

/** Applications whose public notice runs now, of one year, by category and USCC. */
export const applicationsInNotice = (prisma: PrismaClient, year: number, statuses: string[]) =>
  prisma.application.findMany({ where: { year, status: { in: statuses }, noticeEndsAt: { gt: new Date() } }, orderBy: [{ category: 'asc' }, { uscc: 'asc' }] });

/** A page of one year's applications by USCC (filters optional, `county` applied whenever given; `take` rows after `after`). */
export const applicationsPage = (
  prisma: PrismaClient,
  filter: { year: number; status?: string; category?: string; county?: string; after?: string },
  take: number,
) =>
  prisma.application.findMany({
    where: {
      year: filter.year, ...(filter.status ? { status: filter.status } : {}), ...(filter.category ? { category: filter.category } : {}),
      ...(filter.county !== undefined ? { county: filter.county } : {}), ...(filter.after ? { uscc: { gt: filter.after } } : {}),
    },
    orderBy: { uscc: 'asc' },
    take,
  });

/** One year's applications counted by status and category, and its category labels counted by category. */
export async function categoryCounts(prisma: PrismaClient, year: number) {
  const groups = await prisma.application.groupBy({ by: ['status', 'category'], where: { year }, _count: { _all: true } });
  const labels = await prisma.categoryLabel.groupBy({ by: ['category'], where: { year }, _count: { _all: true } });
  return { groups, labels };
}
