// The base list after the Sept 30 re-run (docs/policy.md#p-base-list): candidates found from IP and honour data
// among the eligible, each with its suggested category and why; then one invitation to declare each.
import { heartbeat } from '@temporalio/activity';
import type pg from 'pg';
import { baseListSources, markInvited, uninvitedCandidates, upsertBaseListCandidate } from '../data/baseList';
import { candidateSectors, suggestFromData } from '../domain/category/baseList';
import { CATEGORIES, type CategoryCode } from '../domain/category/categories';
import { DEFAULT_CATEGORY_CONFIG, type CategoryConfig } from '../domain/category/categoryConfig';
import { evaluateGate } from '../domain/category/gate';
import type { PrismaClient } from '../prisma/client';
import { readApplicationFacts } from '../data/applicationFacts';
import { findCycle } from '../data/cycles';
import { writeAudit } from '../data/audit';
import type { NotifyArgs } from './notificationActivities';

export function createBaseListActivities(prisma: PrismaClient, pool: pg.Pool, notify: (args: NotifyArgs) => Promise<number>) {
  return {
    /**
     * Finds the year's candidates from the run's results at `referenceDate`: eligible (the gate passes,
     * with the cycle's windows) and suggested a category by their IP and honour data. Returns the count.
     */
    async buildBaseList(args: { year: number; runId: string; referenceDate: string }): Promise<{ candidates: number }> {
      const cycle = await findCycle(prisma, args.year);
      const config = (cycle?.categoryConfig as CategoryConfig | null) ?? DEFAULT_CATEGORY_CONFIG;
      let candidates = 0;
      let seen = 0;
      for (const source of await baseListSources(pool, args)) {
        if (++seen % 200 === 0) heartbeat(seen);
        const facts = await readApplicationFacts(pool, { uscc: source.uscc, year: args.year, referenceDate: args.referenceDate });
        if (!facts) continue;
        const gate = evaluateGate({ ...facts.gate, recommended: false, specialGroups: facts.specialGroups }, args.referenceDate, config.gate);
        if (!gate.passed) continue;
        const suggestion = suggestFromData({ ...facts.criteria, recommendedFor: [] }, args.year, args.referenceDate, config.criteria);
        if (!suggestion) continue;
        await upsertBaseListCandidate(pool, {
          year: args.year, uscc: source.uscc, county: facts.county, industryCode: facts.criteria.industryCode, typingType: source.type,
          suggestedCategory: suggestion.suggestedCategory, reasons: { explanation: suggestion.explanation, byCategory: suggestion.reasons },
          sectors: candidateSectors(facts.criteria.industryCode, source.honourDepartments),
        });
        candidates++;
      }
      await writeAudit(prisma, { actorId: null, actorRole: 'SYSTEM', action: 'BASE_LIST_BUILT', targetType: 'cycle', targetId: String(args.year), after: { runId: args.runId, referenceDate: args.referenceDate, candidates } });
      return { candidates };
    },

    /** Invites every candidate not yet invited, once: the mail's key is the candidate's, and the row is marked. */
    async inviteBaseList(args: { year: number; declarationClosesAt: string }): Promise<{ invited: number }> {
      let invited = 0;
      for (;;) {
        const batch = await uninvitedCandidates(pool, args.year);
        if (!batch.length) break;
        for (const c of batch) {
          const recipients = await notify({
            kind: 'BASE_LIST_INVITATION', eventKey: `base-list-${args.year}-${c.uscc}:BASE_LIST_INVITATION`, audience: { household: c.uscc },
            context: { taskTitle: '名特优新基础名单', uscc: c.uscc, dueAt: args.declarationClosesAt, outcome: CATEGORIES[c.suggestedCategory as CategoryCode] },
          });
          await markInvited(pool, args.year, c.uscc, recipients);
          invited++;
          heartbeat(invited);
        }
      }
      return { invited };
    },
  };
}

export type BaseListActivities = ReturnType<typeof createBaseListActivities>;
