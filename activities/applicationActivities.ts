// Side effects of 名特优新 applications and of the cycle's selection: the application read model
// (every status change audited), the facts the gate and criteria need, objection decisions, the
// ranking record and the category label in the directory. Each is idempotent under retries.
import type pg from 'pg';
import type { QuotaCounts, RankedCandidate } from '../domain/category/quota';
import type { PrismaClient } from '../prisma/client';
import type { ApplicationInput } from '../messages/applicationMessages';
import { applicationWorkflowId } from '../messages/ids';
import type { Actor } from '../messages/taskMessages';
import { readApplicationFacts, type ApplicationFacts } from '../data/applicationFacts';
import { writeAudit } from '../data/audit';
import { claimEffect } from '../data/idempotency';

const json = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));

export function createApplicationActivities(prisma: PrismaClient, pool: pg.Pool) {
  return {
    async recordApplication({ input }: { input: ApplicationInput }): Promise<void> {
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
    },

    /** What the gate and the criteria need; the form's shared values (names included) stay out of workflow history. */
    async applicationFacts(args: { uscc: string; year: number; referenceDate: string }): Promise<Omit<ApplicationFacts, 'shared' | 'specialGroups'>> {
      const facts = await readApplicationFacts(pool, args);
      if (!facts) throw new Error(`business ${args.uscc} not in the pool`);
      // The result is recorded in history: no names (the form's shared values) and no group membership.
      const { shared: _shown, specialGroups: _groups, ...decisive } = facts;
      return decisive;
    },

    async updateApplication(args: { applicationId: string; status: string; at: string; note: string | null; patch: Record<string, unknown> }): Promise<void> {
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
    },

    async auditApplication(args: { applicationId: string; action: string; actor: Actor; after: unknown }): Promise<void> {
      await writeAudit(prisma, { actorId: args.actor.id, actorRole: args.actor.role, action: args.action, targetType: 'application', targetId: args.applicationId, after: args.after });
    },

    async recordObjectionDecision(args: { objectionId: string; status: string; decision: unknown; actor: Actor; at: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const before = await tx.objection.findUniqueOrThrow({ where: { id: args.objectionId } });
        if (before.status === args.status) return;
        await tx.objection.update({ where: { id: args.objectionId }, data: { status: args.status, decision: json(args.decision), decidedBy: args.actor.id, decidedAt: new Date(args.at) } });
        await writeAudit(tx, { actorId: args.actor.id, actorRole: args.actor.role, action: `OBJECTION_${args.status}`, targetType: 'objection', targetId: args.objectionId, before: { status: before.status }, after: args.decision });
      });
    },

    /** The decisions of one objection-batch task, in one transaction (each objection as recordObjectionDecision). */
    async recordObjectionDecisions(args: { decisions: Array<{ objectionId: string; status: string; decision: unknown }>; actor: Actor; at: string }): Promise<void> {
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
    },

    /** Per county, the Sept 30 typing counts the county caps are shared on (applicants are added by the cycle). */
    async countyQuotaCounts(args: { year: number }): Promise<Record<string, QuotaCounts>> {
      const { rows } = await pool.query<{ county: string; type: string; n: number }>(
        `SELECT b.county, r.type, count(*)::int AS n FROM typing_result r JOIN business b ON b.uscc = r.uscc
         WHERE r.run_id = (SELECT current_run_id FROM cycle WHERE year = $1) GROUP BY b.county, r.type`,
        [args.year],
      );
      const counts: Record<string, QuotaCounts> = {};
      for (const r of rows) {
        const c = (counts[r.county] ??= { growth: 0, development: 0, typed: 0, applicants: 0 });
        if (r.type === 'G') c.growth += r.n;
        if (r.type === 'D') c.development += r.n;
        if (r.type !== 'UNTYPED') c.typed += r.n;
      }
      return counts;
    },

    /** The ranking of the cycle: the quota's base and cap, and each candidate's rank and explanation. */
    async recordRanking(args: { year: number; base: number; cap: number; capsByCounty?: Record<string, number>; rankedAt: string; ranking: RankedCandidate[] }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.cycle.updateMany({ where: { year: args.year }, data: { selection: json({ base: args.base, cap: args.cap, capsByCounty: args.capsByCounty, rankedAt: args.rankedAt }) } });
        await writeAudit(tx, {
          actorId: null, actorRole: 'SYSTEM', action: 'CATEGORY_RANKED', targetType: 'cycle', targetId: String(args.year),
          after: { base: args.base, cap: args.cap, ranking: args.ranking.map(({ uscc, rank, selected, score, explanation }) => ({ uscc, rank, selected, score, explanation })) },
          requestId: `ranking@${args.rankedAt}`,
        });
      });
    },

    /** A designation's status and validity as its workflow decides (evaluation, extension, expiry). */
    async recordDesignationStatus(args: { uscc: string; year: number; status: string; validUntil: string; at: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const before = await tx.categoryLabel.findUniqueOrThrow({ where: { uscc_year: { uscc: args.uscc, year: args.year } } });
        const validUntil = new Date(args.validUntil);
        if (before.status === args.status && before.validUntil.getTime() === validUntil.getTime()) return;
        await tx.categoryLabel.update({ where: { uscc_year: { uscc: args.uscc, year: args.year } }, data: { status: args.status, validUntil } });
        await writeAudit(tx, {
          actorId: null, actorRole: 'SYSTEM', action: 'DESIGNATION_STATUS_CHANGED', targetType: 'category_label', targetId: `${args.year}-${args.uscc}`,
          before: { status: before.status, validUntil: before.validUntil.toISOString().slice(0, 10) }, after: { status: args.status, validUntil: args.validUntil, at: args.at },
        });
      });
    },

    /** The category label in the directory (docs/policy.md#p-confirm), valid for the designation years. */
    async ingestDesignation(args: {
      applicationId: string; uscc: string; year: number; category: string; channel: string; recommenderDept: string | null;
      designatedOn: string; validUntil: string; batch: string;
    }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const data = {
          category: args.category, channel: args.channel, recommenderDept: args.recommenderDept, designatedOn: new Date(args.designatedOn),
          validUntil: new Date(args.validUntil), batch: args.batch, status: 'ACTIVE',
        };
        await tx.categoryLabel.upsert({ where: { uscc_year: { uscc: args.uscc, year: args.year } }, create: { uscc: args.uscc, year: args.year, ...data }, update: data });
        await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'CATEGORY_LABEL_INGESTED', targetType: 'application', targetId: args.applicationId, after: { ...data, uscc: args.uscc } });
      });
    },
  };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
