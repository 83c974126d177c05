// The cycle's side of 名特优新 selection with the register in the database (cycles started since
// patch 'selection-register-in-database'; CategorySelection keeps it in workflow state for older ones).
// Applications record themselves and their ranking facts in their read model and signal the cycle only
// when a selected applicant leaves; each phase step is one activity that reads the register and
// signals the applications (activities/selectionActivities.ts). The cycle's history therefore holds a
// few events per phase and per freed place, whatever the number of applications (docs/decisions.md).
import { condition, log, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { SelectionActivities } from '../activities/selectionActivities';
import type { CategoryConfig } from '../domain/category/categoryConfig';
import { payloadProblem, TASK_PAYLOADS, type ConfirmationApproval } from '../domain/category/decisions';
import { addYears } from '../domain/category/designation';
import type { ProgrammeCalendar } from '../domain/programmeCalendar';
import { shanghaiDate } from '../domain/shanghaiTime';
import { addWorkingDays, type HolidayCalendar } from '../domain/workingDays';
import { applicationLeftSignal } from '../messages/applicationMessages';
import { TaskBoard } from './humanTasks';
import type { SelectionSummary } from '../messages/cycleMessages';
import { confirmationSignatureTaskId, confirmationTaskId, cycleWorkflowId } from '../messages/ids';
import type { TypeCounts } from '../messages/typingMessages';

// Signalling thousands of applications takes a while: heartbeats show progress, a retry resumes safely.
const acts = proxyActivities<SelectionActivities>({ startToCloseTimeout: '1 hour', heartbeatTimeout: '2 minutes', retry: { maximumInterval: '1 minute' } });

export class SelectionRegister {
  private readonly board = new TaskBoard();
  private readonly state: SelectionSummary = { registered: 0, scored: 0, base: null, cap: null, selected: [], promoted: [], confirmed: [], rankedAt: null, confirmedAt: null };
  /** Removals are handled one after another (each reads and rewrites the stored ranking). */
  private removals: Promise<void> = Promise.resolve();
  /** When the last public notice of the selection ends (the ranking's, or a promoted applicant's). */
  private noticesEnd = 0;
  /** Counts changes of the selection after the ranking (a selected applicant left): a frozen list older than the last change is void. */
  private changes = 0;

  constructor(private readonly year: number, private readonly calendar: ProgrammeCalendar, private readonly config: CategoryConfig, private readonly holidays: HolidayCalendar) {
    setHandler(applicationLeftSignal, async ({ workflowId }) => {
      const uscc = workflowId.slice(workflowId.lastIndexOf('-') + 1);
      const removal = this.removals.then(() => this.promoteAfterRemoval(uscc));
      this.removals = removal.catch((error) => log.warn('promotion failed', { uscc, error: String(error) }));
      await this.removals;
    });
  }

  /** After the Sept 30 re-run: every registered application goes to county review. */
  async openReview(): Promise<void> {
    const { registered } = await acts.openCategoryReview({ year: this.year, at: new Date().toISOString() });
    this.state.registered = registered;
  }

  /** Ranks the scored applicants within the cap (the ranking is kept with the cycle's read model). */
  async rank(counts: TypeCounts | null): Promise<void> {
    const rankedAt = new Date().toISOString();
    const noticeEndsAt = this.noticeEndsAt();
    this.noticesEnd = Date.parse(noticeEndsAt);
    const result = await acts.rankCategoryApplications({ year: this.year, config: this.config, counts, rankedAt, noticeEndsAt });
    Object.assign(this.state, result, { rankedAt });
  }

  /** The city confirms the cleared, selected applicants: a CITY_AMR task, due before the cycle closes. */
  async confirm(): Promise<void> {
    const due = Math.min(addWorkingDays(new Date().toISOString(), this.config.confirmationWorkingDays, this.holidays).getTime(), Date.parse(this.calendar.closesAt));
    const outcome = await this.board.run({
      taskId: confirmationTaskId(cycleWorkflowId(this.year)), kind: 'CITY_CONFIRMATION', title: `确认 ${this.year} 年度名特优新名单`, role: 'CITY_AMR', county: null,
      dueAt: new Date(Math.max(due, Date.now() + 3_600_000)).toISOString(), year: this.year, reminderLeadMs: this.config.reminderLeadMs,
      validate: (_actor, payload) => payloadProblem(TASK_PAYLOADS.CITY_CONFIRMATION, payload),
    });
    if (outcome.kind !== 'COMPLETED') return;
    await this.removals;
    const designatedOn = shanghaiDate(outcome.at);
    this.state.confirmedAt = outcome.at;
    const { confirmed } = await acts.confirmCategorySelection({
      year: this.year, confirmedAt: outcome.at, designatedOn, validUntil: addYears(designatedOn, this.config.designationYears), batch: `${this.year}-名特优新`,
    });
    this.state.confirmed = confirmed;
  }

  /**
   * The city confirms with four eyes (docs/policy.md#p-confirm-four-eyes), in October: once the last public notice has
   * ended, one city administrator prepares the list (first signature: the list is frozen and hashed as it
   * stands); a different one approves it by its digest (second signature) or sends it back. A selected
   * applicant leaving between the two signatures voids the frozen list: the approval is withdrawn and the
   * list is prepared again after any promoted applicant's notice. Both tasks are due at the end of
   * October; they stay open, overdue and escalated, until the cycle closes.
   */
  async confirmWithFourEyes(): Promise<void> {
    for (let round = 1; ; round++) {
      while (Date.now() < this.noticesEnd) await sleep(this.noticesEnd - Date.now());
      const seen = this.changes;
      const dueAt = this.confirmationDueAt();
      const prepared = await this.board.run({
        taskId: confirmationSignatureTaskId(cycleWorkflowId(this.year), 'prepare', round), kind: 'CITY_CONFIRMATION_PREPARE', title: `制作 ${this.year} 年度名特优新确认名单（第一签）`, role: 'CITY_AMR', county: null,
        dueAt, year: this.year, reminderLeadMs: this.config.reminderLeadMs,
        validate: (_actor, payload) => payloadProblem(TASK_PAYLOADS.CITY_CONFIRMATION_PREPARE, payload),
      });
      if (prepared.kind !== 'COMPLETED') return;
      await this.removals;
      if (this.changes !== seen || Date.now() < this.noticesEnd) continue; // changed while it was being prepared
      const frozen = await acts.freezeConfirmationList({ year: this.year, round, preparedBy: prepared.actor.id, preparedAt: prepared.at });
      const approval = this.board.run({
        taskId: confirmationSignatureTaskId(cycleWorkflowId(this.year), 'approve', round), kind: 'CITY_CONFIRMATION_APPROVAL', title: `审批 ${this.year} 年度名特优新确认名单（第二签，${frozen.usccs.length} 户）`, role: 'CITY_AMR', county: null,
        dueAt, year: this.year, reminderLeadMs: this.config.reminderLeadMs, items: frozen.usccs,
        ineligible: (actor) => (actor.id === prepared.actor.id ? '制作名单（第一签）的管理员不能同时审批该名单，须由另一名市级管理员审批' : null),
        validate: (_actor, payload) => payloadProblem(TASK_PAYLOADS.CITY_CONFIRMATION_APPROVAL, payload)
          ?? ((payload as ConfirmationApproval).listHash.trim() !== frozen.hash ? `所签名单摘要与第一签冻结的名单（${frozen.hash}）不一致，请核对名单后重新签署` : null),
      });
      const voided = condition(() => this.changes !== seen).then(() => null);
      const outcome = await Promise.race([approval, voided]);
      if (outcome === null) {
        await this.board.cancelOpen('名单在第二签前发生变化（有入选者退出或递补），须重新制作');
        continue;
      }
      if (outcome.kind !== 'COMPLETED') return;
      if (!(outcome.payload as ConfirmationApproval).approve) continue; // sent back: prepared again
      await this.removals;
      const designatedOn = shanghaiDate(outcome.at);
      this.state.confirmedAt = outcome.at;
      const { confirmed } = await acts.confirmCategorySelection({
        year: this.year, confirmedAt: outcome.at, designatedOn, validUntil: addYears(designatedOn, this.config.designationYears), batch: `${this.year}-名特优新`,
        usccs: frozen.usccs, signatures: { hash: frozen.hash, preparedBy: prepared.actor.id, preparedAt: prepared.at, approvedBy: outcome.actor.id, approvedAt: outcome.at },
      });
      this.state.confirmed = confirmed;
      return;
    }
  }

  /** Cycle close: whoever is still waiting is told the outcome. */
  async finalize(): Promise<void> {
    await this.board.cancelOpen('年度周期已结束');
    await this.removals;
    await acts.finalizeCategoryApplications({ year: this.year });
  }

  summary(): SelectionSummary {
    return { ...this.state, selected: [...this.state.selected], promoted: [...this.state.promoted], confirmed: [...this.state.confirmed] };
  }

  private async promoteAfterRemoval(uscc: string): Promise<void> {
    if (!this.state.rankedAt || this.state.confirmedAt) return;
    const noticeEndsAt = this.noticeEndsAt();
    const { promoted } = await acts.promoteAfterRemoval({ year: this.year, uscc, noticeEndsAt, reviewEndsAt: this.calendar.reviewEndsAt });
    this.state.selected = this.state.selected.filter((s) => s !== uscc);
    this.changes += 1;
    if (promoted) {
      this.noticesEnd = Math.max(this.noticesEnd, Date.parse(noticeEndsAt));
      this.state.promoted.push(promoted);
      this.state.selected.push(promoted);
    }
  }

  /**
   * The end of October (docs/policy.md#p-cal-milestones); a round opened later (overdue already) is due an hour after
   * its reminder lead, so its reminder is not due the moment it opens.
   */
  private confirmationDueAt(): string {
    return new Date(Math.max(Date.parse(this.calendar.reviewEndsAt), Date.now() + this.config.reminderLeadMs + 3_600_000)).toISOString();
  }

  private noticeEndsAt(): string {
    return addWorkingDays(new Date().toISOString(), this.config.noticeWorkingDays, this.holidays).toISOString();
  }
}
