// Side effects of 名特优新 applications and of the cycle's selection: the application read model
// (every status change audited), the facts the gate and criteria need, objection decisions, the
// ranking record and the category label in the directory. Each is idempotent under retries; the
// reads and writes themselves live in data/ (applications, objections, cycles, categoryLabels).
import type pg from 'pg';
import type { QuotaCounts, RankedCandidate } from '../domain/category/quota';
import type { PrismaClient } from '../prisma/client';
import type { ApplicationInput } from '../messages/applicationMessages';
import type { Actor } from '../messages/taskMessages';
import { readApplicationFacts, type ApplicationFacts } from '../data/applicationFacts';
import { recordApplication, updateApplicationStatus } from '../data/applications';
import { writeAudit } from '../data/audit';
import { ingestDesignation, recordDesignationStatus } from '../data/categoryLabels';
import { countyQuotaCounts, recordRanking } from '../data/cycles';
import { recordObjectionDecision, recordObjectionDecisions } from '../data/objections';

export function createApplicationActivities(prisma: PrismaClient, pool: pg.Pool) {
  return {
    async recordApplication({ input }: { input: ApplicationInput }): Promise<void> {
      await recordApplication(prisma, input);
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
      await updateApplicationStatus(prisma, args);
    },

    async auditApplication(args: { applicationId: string; action: string; actor: Actor; after: unknown }): Promise<void> {
      await writeAudit(prisma, { actorId: args.actor.id, actorRole: args.actor.role, action: args.action, targetType: 'application', targetId: args.applicationId, after: args.after });
    },

    async recordObjectionDecision(args: { objectionId: string; status: string; decision: unknown; actor: Actor; at: string }): Promise<void> {
      await recordObjectionDecision(prisma, args);
    },

    /** The decisions of one objection-batch task, in one transaction (each objection as recordObjectionDecision). */
    async recordObjectionDecisions(args: { decisions: Array<{ objectionId: string; status: string; decision: unknown }>; actor: Actor; at: string }): Promise<void> {
      await recordObjectionDecisions(prisma, args);
    },

    /** Per county, the Sept 30 typing counts the county caps are shared on (applicants are added by the cycle). */
    async countyQuotaCounts(args: { year: number }): Promise<Record<string, QuotaCounts>> {
      return countyQuotaCounts(pool, args.year);
    },

    /** The ranking of the cycle: the quota's base and cap, and each candidate's rank and explanation. */
    async recordRanking(args: { year: number; base: number; cap: number; capsByCounty?: Record<string, number>; rankedAt: string; ranking: RankedCandidate[] }): Promise<void> {
      await recordRanking(prisma, args);
    },

    /** A designation's status and validity as its workflow decides (evaluation, extension, expiry). */
    async recordDesignationStatus(args: { uscc: string; year: number; status: string; validUntil: string; at: string }): Promise<void> {
      await recordDesignationStatus(prisma, args);
    },

    /** The category label in the directory (docs/policy.md#p-confirm), valid for the designation years. */
    async ingestDesignation(args: {
      applicationId: string; uscc: string; year: number; category: string; channel: string; recommenderDept: string | null;
      designatedOn: string; validUntil: string; batch: string;
    }): Promise<void> {
      await ingestDesignation(prisma, args);
    },
  };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
