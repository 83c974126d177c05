// The cycle's side of 名特优新 selection (docs/policy.md#p-quota, docs/policy.md#p-rank, docs/policy.md#p-replace): it keeps the register of the year's
// applications, opens their review after the Sept 30 re-run, ranks the scored ones within the quota
// (ranking is pure domain code, so it is deterministic and replays), promotes the next-ranked when an
// objection removes a selected applicant and the calendar still allows a full public notice, and has
// the city confirm the list, after which the confirmed are designated and the rest told why not.
import { getExternalWorkflowHandle, log, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ApplicationActivities } from '../activities/applicationActivities';
import type { CategoryConfig } from '../domain/category/categoryConfig';
import { payloadProblem, TASK_PAYLOADS } from '../domain/category/decisions';
import { addYears } from '../domain/category/designation';
import { capCount, countyCaps, quotaBase, rankAndSelect, rankAndSelectByUnit, replaceRemoved, type Candidate, type RankedCandidate } from '../domain/category/quota';
import { COUNTIES } from '../domain/roles';
import type { ProgrammeCalendar } from '../domain/programmeCalendar';
import { shanghaiDate } from '../domain/shanghaiTime';
import { addWorkingDays, type HolidayCalendar } from '../domain/workingDays';
import {
  applicationLeftSignal, applicationRegisteredSignal, applicationScoredSignal, confirmedSignal, finalizeSignal, publicityClearedSignal,
  rankingSignal, reviewOpenedSignal, type RegisteredApplication,
} from '../messages/applicationMessages';
import { TaskBoard } from './humanTasks';
import type { SelectionSummary } from '../messages/cycleMessages';
import { confirmationTaskId } from '../messages/ids';
import type { TypeCounts } from '../messages/typingMessages';

// The summary is a message contract (messages/cycleMessages.ts); re-exported for workflow code that imports it from here.
export type { SelectionSummary };

const acts = proxyActivities<ApplicationActivities>({ startToCloseTimeout: '5 minutes', retry: { maximumInterval: '1 minute' } });

interface Entry extends RegisteredApplication {
  candidate: Candidate | null;
  left: boolean;
  cleared: boolean;
  confirmed: boolean;
}


const sum = <K extends string>(rows: Array<Record<K, number>>, key: K) => rows.reduce((n, r) => n + r[key], 0);

export class CategorySelection {
  private readonly entries = new Map<string, Entry>();
  private reviewOpen = false;
  private ranking: RankedCandidate[] | null = null;
  private readonly board = new TaskBoard();
  /** What the ranking and the confirmation decided (the rest of the summary is derived from the register). */
  private quota: Pick<SelectionSummary, 'base' | 'cap' | 'capsByCounty'> = { base: null, cap: null };
  private readonly promoted: string[] = [];
  private rankedAt: string | null = null;
  private confirmedAt: string | null = null;

  constructor(private readonly year: number, private readonly calendar: ProgrammeCalendar, private readonly config: CategoryConfig, private readonly holidays: HolidayCalendar) {
    setHandler(applicationRegisteredSignal, async (app) => {
      this.entries.set(app.workflowId, { ...app, candidate: null, left: false, cleared: false, confirmed: false });
      if (this.reviewOpen) await this.send(app.workflowId, (h) => h.signal(reviewOpenedSignal));
    });
    setHandler(applicationScoredSignal, ({ workflowId, candidate }) => {
      const entry = this.entries.get(workflowId);
      if (!entry || this.ranking) return; // scored after the ranking: too late to take part
      entry.candidate = candidate;
    });
    setHandler(publicityClearedSignal, ({ workflowId }) => {
      const entry = this.entries.get(workflowId);
      if (entry) entry.cleared = true;
    });
    setHandler(applicationLeftSignal, async ({ workflowId }) => {
      const entry = this.entries.get(workflowId);
      if (!entry || entry.left) return;
      entry.left = true;
      await this.promoteAfterRemoval(entry);
    });
  }

  /** After the Sept 30 re-run: every registered application goes to county review. */
  async openReview(): Promise<void> {
    this.reviewOpen = true;
    for (const entry of this.entries.values()) if (!entry.left) await this.send(entry.workflowId, (h) => h.signal(reviewOpenedSignal));
  }

  /** Ranks the scored applicants within the cap; the base is taken from the Sept 30 results. */
  async rank(counts: TypeCounts | null): Promise<void> {
    const active = [...this.entries.values()].filter((e) => !e.left);
    const quota = this.config.quota;
    if (quota.unit === 'COUNTY') {
      // Each county ranks on its pro-rata share of the city's cap.
      const byCounty = await acts.countyQuotaCounts({ year: this.year });
      for (const e of active) (byCounty[e.county] ??= { growth: 0, development: 0, typed: 0, applicants: 0 }).applicants += 1;
      const caps = countyCaps(quota, byCounty);
      const counties = Object.values(byCounty);
      const total = { growth: sum(counties, 'growth'), development: sum(counties, 'development'), typed: sum(counties, 'typed'), applicants: active.length };
      this.ranking = rankAndSelectByUnit(
        active.flatMap((e) => (e.candidate ? [{ ...e.candidate, unit: e.county }] : [])), caps, (county) => COUNTIES[county as keyof typeof COUNTIES] ?? county,
      );
      this.quota = { base: quotaBase(quota, total), cap: capCount(quota, total), capsByCounty: caps };
    } else {
      const totals = { growth: counts?.G ?? 0, development: counts?.D ?? 0, typed: counts ? counts.S + counts.G + counts.D : 0, applicants: active.length };
      this.ranking = rankAndSelect(active.flatMap((e) => (e.candidate ? [e.candidate] : [])), capCount(quota, totals));
      this.quota = { base: quotaBase(quota, totals), cap: capCount(quota, totals) };
    }
    const rankedAt = (this.rankedAt = new Date().toISOString());
    await acts.recordRanking({ year: this.year, base: this.quota.base!, cap: this.quota.cap!, capsByCounty: this.quota.capsByCounty, rankedAt, ranking: this.ranking });
    const noticeEndsAt = this.noticeEndsAt();
    for (const entry of active) {
      const ranked = this.ranking.find((c) => c.uscc === entry.uscc);
      if (!ranked) {
        await this.send(entry.workflowId, (h) => h.signal(finalizeSignal, { reason: '未在排名遴选前完成审核和实地走访评分' }));
        continue;
      }
      await this.send(entry.workflowId, (h) => h.signal(rankingSignal, { selected: ranked.selected, rank: ranked.rank, explanation: ranked.explanation, noticeEndsAt: ranked.selected ? noticeEndsAt : null }));
    }
  }

  /** The city confirms the cleared, selected applicants: a CITY_AMR task, due before the cycle closes. */
  async confirm(): Promise<void> {
    const due = Math.min(addWorkingDays(new Date().toISOString(), this.config.confirmationWorkingDays, this.holidays).getTime(), Date.parse(this.calendar.closesAt));
    const outcome = await this.board.run({
      taskId: confirmationTaskId(`cycle-${this.year}`), kind: 'CITY_CONFIRMATION', title: `确认 ${this.year} 年度名特优新名单`, role: 'CITY_AMR', county: null,
      dueAt: new Date(Math.max(due, Date.now() + 3_600_000)).toISOString(), year: this.year, reminderLeadMs: this.config.reminderLeadMs,
      validate: (_actor, payload) => payloadProblem(TASK_PAYLOADS.CITY_CONFIRMATION, payload),
    });
    if (outcome.kind !== 'COMPLETED') return;
    const designatedOn = shanghaiDate(outcome.at);
    const validUntil = addYears(designatedOn, this.config.designationYears);
    const batch = `${this.year}-名特优新`;
    this.confirmedAt = outcome.at;
    for (const entry of this.entries.values()) {
      if (entry.left || !entry.cleared || !this.isSelected(entry.uscc)) continue;
      entry.confirmed = true;
      await this.send(entry.workflowId, (h) => h.signal(confirmedSignal, { designatedOn, validUntil, batch }));
    }
  }

  /** Cycle close: whoever is still waiting is told the outcome. */
  async finalize(): Promise<void> {
    await this.board.cancelOpen('年度周期已结束');
    for (const entry of this.entries.values()) {
      if (entry.left || entry.confirmed) continue;
      await this.send(entry.workflowId, (h) => h.signal(finalizeSignal, { reason: this.isSelected(entry.uscc) ? '公示或确认未在截止前完成' : '未入选本年度名特优新名单' }));
    }
  }

  /** An upheld objection (or a withdrawal) freed a slot: the next-ranked takes it if a full notice still fits. */
  private async promoteAfterRemoval(entry: Entry): Promise<void> {
    if (!this.ranking || !this.isSelected(entry.uscc) || this.confirmedAt) return;
    const noticeEndsAt = this.noticeEndsAt();
    const gone = [...this.entries.values()].filter((e) => e.left).map((e) => e.uscc);
    const { ranking, promoted } = replaceRemoved(this.ranking, entry.uscc, gone);
    if (promoted && Date.parse(noticeEndsAt) > Date.parse(this.calendar.reviewEndsAt)) {
      this.ranking = this.ranking.map((c) => (c.uscc === entry.uscc ? { ...c, selected: false, explanation: `${c.explanation}；名额空出，但剩余时间不足以完成递补公示，不再递补` } : c));
      return;
    }
    this.ranking = ranking;
    if (!promoted) return;
    this.promoted.push(promoted);
    const next = this.ranking.find((c) => c.uscc === promoted)!;
    const target = [...this.entries.values()].find((e) => e.uscc === promoted)!;
    await this.send(target.workflowId, (h) => h.signal(rankingSignal, { selected: true, rank: next.rank, explanation: next.explanation, noticeEndsAt }));
  }

  /** Progress for the cycle's Query and result, derived from the register and the ranking. */
  summary(): SelectionSummary {
    const entries = [...this.entries.values()];
    return {
      registered: entries.length,
      scored: entries.filter((e) => e.candidate).length,
      ...this.quota,
      selected: this.ranking?.filter((c) => c.selected).map((c) => c.uscc) ?? [],
      promoted: [...this.promoted],
      confirmed: entries.filter((e) => e.confirmed).map((e) => e.uscc),
      rankedAt: this.rankedAt,
      confirmedAt: this.confirmedAt,
    };
  }

  private isSelected(uscc: string): boolean {
    return this.ranking?.some((c) => c.uscc === uscc && c.selected) ?? false;
  }

  private noticeEndsAt(): string {
    return addWorkingDays(new Date().toISOString(), this.config.noticeWorkingDays, this.holidays).toISOString();
  }

  /** Signals an application; one that has already closed is logged and skipped. */
  private async send(workflowId: string, signal: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>): Promise<void> {
    try {
      await signal(getExternalWorkflowHandle(workflowId));
    } catch (error) {
      log.warn('could not signal an application', { workflowId, error: String(error) });
    }
  }
}
