// The cycle's 名特优新 register kept in the database (issue 8 item 7): applications record themselves
// and their ranking facts in `application` (their read model), and the cycle's phase steps run here —
// open review, rank within the quota, promote after a removal, confirm, finalize — each reading the
// register, keeping the ranking in `cycle.selection`, and signalling the applications through the
// worker's client. The cycle's history then grows with the phases, not with the applications.
// Each step is idempotent: a retry signals again (the applications ignore a repeat) and records once.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type pg from 'pg';
import type { CategoryConfig } from '../domain/category/categoryConfig';
import { capCount, countyCaps, quotaBase, rankAndSelect, rankAndSelectByUnit, replaceRemoved, type RankedCandidate } from '../domain/category/quota';
import { COUNTIES } from '../domain/roles';
import type { PrismaClient } from '../prisma/client';
import { listDigest, selectedApplicants, type FrozenList, type ListEntry } from '../data/confirmationList';
import { confirmedSignal, finalizeSignal, rankingSignal, reviewOpenedSignal } from '../messages/applicationMessages';
import type { TypeCounts } from './typingActivities';
import { createApplicationActivities } from './applicationActivities';
import {
  recordFrozenList, recordSelectionRanking, registerRows, selectionRegister, storedSelection, storeSelection,
  type ConfirmationSignatures, type RegisterRow, type StoredSelection,
} from '../data/cycleSelection';

/** Applications that have left the selection (they no longer count, rank or take a freed place). */
const GONE = ['REJECTED_GATE', 'REJECTED_REVIEW', 'OBJECTION_UPHELD', 'WITHDRAWN'];
const FINAL = [...GONE, 'DESIGNATED', 'NOT_DESIGNATED'];

// What the cycle keeps in `cycle.selection` lives with its reads and writes (data/cycleSelection.ts).
export type { ConfirmationSignatures, StoredSelection };

export interface RankResult {
  registered: number;
  scored: number;
  base: number;
  cap: number;
  capsByCounty?: Record<string, number>;
  selected: string[];
}

type Row = RegisterRow;

export function createSelectionActivities(prisma: PrismaClient, pool: pg.Pool) {
  const { countyQuotaCounts } = createApplicationActivities(prisma, pool);

  const stored = (year: number) => storedSelection(prisma, year);
  const store = (year: number, patch: Partial<StoredSelection>) => storeSelection(prisma, year, patch);
  const rows = (year: number): Promise<Row[]> => registerRows(pool, year);

  /** Signals many applications, a few at a time, heartbeating; one that has closed is skipped. */
  async function signalAll(sends: Array<(client: Client) => Promise<void>>): Promise<number> {
    const { client } = Context.current();
    let next = 0;
    let sent = 0;
    const lane = async () => {
      while (next < sends.length) {
        const send = sends[next++]!;
        try {
          await send(client);
          sent += 1;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
        Context.current().heartbeat(next); // after every Signal: the SDK throttles what reaches the server
      }
    };
    await Promise.all(Array.from({ length: 16 }, lane));
    return sent;
  }

  return {
    /** Whether the cycle of `year` keeps its register here (cycles started since), or hears applications by Signal. */
    async selectionRegister(args: { year: number; cycleWorkflowId: string }): Promise<'DATABASE' | 'SIGNALS'> {
      return selectionRegister(prisma, args.year, args.cycleWorkflowId);
    },

    /** Whether county review has opened (an application registered after the cycle opened it does not wait). */
    async categoryReviewOpened(args: { year: number }): Promise<boolean> {
      return Boolean((await stored(args.year))?.reviewOpenedAt);
    },

    /** After the Sept 30 re-run: review opens for every application still in the selection. */
    async openCategoryReview(args: { year: number; at: string }): Promise<{ registered: number; signalled: number }> {
      if (!(await stored(args.year))?.reviewOpenedAt) await store(args.year, { reviewOpenedAt: args.at });
      const all = await rows(args.year);
      const waiting = all.filter((r) => !FINAL.includes(r.status));
      const signalled = await signalAll(waiting.map((r) => (client) => client.workflow.getHandle(r.workflow_id).signal(reviewOpenedSignal)));
      return { registered: all.length, signalled };
    },

    /** Ranks the scored applications within the cap, records the ranking, tells every application its outcome. */
    async rankCategoryApplications(args: { year: number; config: CategoryConfig; counts: TypeCounts | null; rankedAt: string; noticeEndsAt: string }): Promise<RankResult> {
      const all = await rows(args.year);
      const active = all.filter((r) => !GONE.includes(r.status));
      let selection = await stored(args.year);
      if (selection?.rankedAt !== args.rankedAt) {
        const quota = args.config.quota;
        let ranking: RankedCandidate[];
        let figures: Pick<StoredSelection, 'base' | 'cap' | 'capsByCounty'>;
        if (quota.unit === 'COUNTY') {
          const byCounty = await countyQuotaCounts({ year: args.year });
          for (const r of active) (byCounty[r.county] ??= { growth: 0, development: 0, typed: 0, applicants: 0 }).applicants += 1;
          const caps = countyCaps(quota, byCounty);
          const counties = Object.values(byCounty);
          const sum = (key: 'growth' | 'development' | 'typed') => counties.reduce((n, c) => n + c[key], 0);
          const total = { growth: sum('growth'), development: sum('development'), typed: sum('typed'), applicants: active.length };
          ranking = rankAndSelectByUnit(active.flatMap((r) => (r.candidate ? [{ ...r.candidate, unit: r.county }] : [])), caps, (county) => COUNTIES[county as keyof typeof COUNTIES] ?? county);
          figures = { base: quotaBase(quota, total), cap: capCount(quota, total), capsByCounty: caps };
        } else {
          const c = args.counts;
          const totals = { growth: c?.G ?? 0, development: c?.D ?? 0, typed: c ? c.S + c.G + c.D : 0, applicants: active.length };
          ranking = rankAndSelect(active.flatMap((r) => (r.candidate ? [r.candidate] : [])), capCount(quota, totals));
          figures = { base: quotaBase(quota, totals), cap: capCount(quota, totals) };
        }
        await recordSelectionRanking(prisma, { year: args.year, figures, rankedAt: args.rankedAt, ranking });
        selection = await stored(args.year);
      }
      const ranking = selection!.ranking!;
      const byUscc = new Map(ranking.map((c) => [c.uscc, c]));
      await signalAll(active.map((r) => (client) => {
        const ranked = byUscc.get(r.uscc);
        const handle = client.workflow.getHandle(r.workflow_id);
        return ranked
          ? handle.signal(rankingSignal, { selected: ranked.selected, rank: ranked.rank, explanation: ranked.explanation, noticeEndsAt: ranked.selected ? args.noticeEndsAt : null })
          : handle.signal(finalizeSignal, { reason: '未在排名遴选前完成审核和实地走访评分' });
      }));
      return {
        registered: all.length, scored: ranking.length, base: selection!.base!, cap: selection!.cap!,
        ...(selection!.capsByCounty ? { capsByCounty: selection!.capsByCounty } : {}), selected: ranking.filter((c) => c.selected).map((c) => c.uscc),
      };
    },

    /** A selected applicant left (objection upheld, withdrawal): the next-ranked takes the place if a full notice still fits. */
    async promoteAfterRemoval(args: { year: number; uscc: string; noticeEndsAt: string; reviewEndsAt: string }): Promise<{ promoted: string | null }> {
      const selection = await stored(args.year);
      const removed = selection?.ranking?.find((c) => c.uscc === args.uscc);
      if (!selection?.ranking || !removed?.selected || selection.confirmedAt) return { promoted: null };
      const all = await rows(args.year);
      const gone = all.filter((r) => GONE.includes(r.status)).map((r) => r.uscc);
      const { ranking, promoted } = replaceRemoved(selection.ranking, args.uscc, gone);
      if (promoted && Date.parse(args.noticeEndsAt) > Date.parse(args.reviewEndsAt)) {
        const kept = selection.ranking.map((c) => (c.uscc === args.uscc ? { ...c, selected: false, explanation: `${c.explanation}；名额空出，但剩余时间不足以完成递补公示，不再递补` } : c));
        await store(args.year, { ranking: kept });
        return { promoted: null };
      }
      await store(args.year, { ranking, promoted: [...(selection.promoted ?? []), ...(promoted ? [promoted] : [])] });
      if (!promoted) return { promoted: null };
      const next = ranking.find((c) => c.uscc === promoted)!;
      const target = all.find((r) => r.uscc === promoted)!;
      await signalAll([(client) => client.workflow.getHandle(target.workflow_id).signal(rankingSignal, { selected: true, rank: next.rank, explanation: next.explanation, noticeEndsAt: args.noticeEndsAt })]);
      return { promoted };
    },

    /**
     * First signature (docs/policy.md#p-confirm-four-eyes): freezes the list as it stands — the selected applicants whose
     * notice has cleared — with its digest, and names those still in notice or objection handling. A retry
     * of the same round returns the list it froze.
     */
    async freezeConfirmationList(args: { year: number; round: number; preparedBy: string; preparedAt: string }): Promise<{ hash: string; usccs: string[]; pending: string[] }> {
      const selection = await stored(args.year);
      const done = selection?.frozenList;
      if (done?.round === args.round) return { hash: done.hash, usccs: done.entries.map((e) => e.uscc), pending: done.pending };
      const ranked = new Map((selection?.ranking ?? []).filter((c) => c.selected).map((c) => [c.uscc, c]));
      const current = await selectedApplicants(pool, args.year, [...ranked.keys()]);
      const entries: ListEntry[] = current.filter((r) => r.status === 'AWAITING_CONFIRMATION')
        .map((r) => ({ rank: ranked.get(r.uscc)!.rank ?? 0, uscc: r.uscc, category: r.category, county: r.county, score: ranked.get(r.uscc)!.score }))
        .sort((a, b) => a.rank - b.rank);
      const pending = current.filter((r) => r.status !== 'AWAITING_CONFIRMATION' && !FINAL.includes(r.status)).map((r) => r.uscc);
      const frozenList: FrozenList = { round: args.round, hash: listDigest(args.year, entries), entries, pending, preparedBy: args.preparedBy, preparedAt: args.preparedAt };
      await recordFrozenList(prisma, args.year, frozenList);
      return { hash: frozenList.hash, usccs: entries.map((e) => e.uscc), pending };
    },

    /**
     * The city confirmed the list: every selected applicant whose notice cleared is designated. With four
     * eyes, exactly the frozen list (`usccs`) signed twice (`signatures`).
     */
    async confirmCategorySelection(args: { year: number; confirmedAt: string; designatedOn: string; validUntil: string; batch: string; usccs?: string[]; signatures?: ConfirmationSignatures }): Promise<{ confirmed: string[] }> {
      const selection = await stored(args.year);
      const selected = new Set(args.usccs ?? (selection?.ranking ?? []).filter((c) => c.selected).map((c) => c.uscc));
      const cleared = (await rows(args.year)).filter((r) => selected.has(r.uscc) && (r.status === 'AWAITING_CONFIRMATION' || (selection?.confirmed ?? []).includes(r.uscc)));
      const confirmed = cleared.map((r) => r.uscc);
      if (!selection?.confirmedAt) await store(args.year, { confirmedAt: args.confirmedAt, confirmed, ...(args.signatures ? { signatures: args.signatures } : {}) });
      const { designatedOn, validUntil, batch } = args;
      await signalAll(cleared.map((r) => (client) => client.workflow.getHandle(r.workflow_id).signal(confirmedSignal, { designatedOn, validUntil, batch })));
      return { confirmed };
    },

    /** Cycle close: whoever is still waiting is told the outcome. */
    async finalizeCategoryApplications(args: { year: number }): Promise<{ signalled: number }> {
      const selection = await stored(args.year);
      const selected = new Set((selection?.ranking ?? []).filter((c) => c.selected).map((c) => c.uscc));
      const confirmed = new Set(selection?.confirmed ?? []);
      const waiting = (await rows(args.year)).filter((r) => !FINAL.includes(r.status) && !confirmed.has(r.uscc));
      const signalled = await signalAll(waiting.map((r) => (client) => client.workflow.getHandle(r.workflow_id).signal(finalizeSignal, {
        reason: selected.has(r.uscc) ? '公示或确认未在截止前完成' : '未入选本年度名特优新名单',
      })));
      return { signalled };
    },
  };
}

export type SelectionActivities = ReturnType<typeof createSelectionActivities>;
