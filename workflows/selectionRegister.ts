// The cycle's side of 名特优新 selection with the register in the database (cycles started since
// patch 'selection-register-in-database'; CategorySelection keeps it in workflow state for older ones).
// Applications record themselves and their ranking facts in their read model and signal the cycle only
// when a selected applicant leaves; each phase step is one activity that reads the register and
// signals the applications (activities/selectionActivities.ts). The cycle's history therefore holds a
// few events per phase and per freed place, whatever the number of applications (docs/decisions.md).
import { log, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SelectionActivities } from '../activities/selectionActivities';
import type { CategoryConfig } from '../domain/category/categoryConfig';
import { payloadProblem, TASK_PAYLOADS } from '../domain/category/decisions';
import { addYears } from '../domain/category/designation';
import type { ProgrammeCalendar } from '../domain/programmeCalendar';
import { shanghaiDate } from '../domain/shanghaiTime';
import { addWorkingDays, type HolidayCalendar } from '../domain/workingDays';
import { applicationLeftSignal } from '../messages/applicationMessages';
import { TaskBoard } from './humanTasks';
import type { SelectionSummary } from '../messages/cycleMessages';
import { confirmationTaskId } from '../messages/ids';
import type { TypeCounts } from '../messages/typingMessages';

// Signalling thousands of applications takes a while: heartbeats show progress, a retry resumes safely.
const acts = proxyActivities<SelectionActivities>({ startToCloseTimeout: '1 hour', heartbeatTimeout: '2 minutes', retry: { maximumInterval: '1 minute' } });

export class SelectionRegister {
  private readonly board = new TaskBoard();
  private readonly state: SelectionSummary = { registered: 0, scored: 0, base: null, cap: null, selected: [], promoted: [], confirmed: [], rankedAt: null, confirmedAt: null };
  /** Removals are handled one after another (each reads and rewrites the stored ranking). */
  private removals: Promise<void> = Promise.resolve();

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
    const result = await acts.rankCategoryApplications({ year: this.year, config: this.config, counts, rankedAt, noticeEndsAt: this.noticeEndsAt() });
    Object.assign(this.state, result, { rankedAt });
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
    await this.removals;
    const designatedOn = shanghaiDate(outcome.at);
    this.state.confirmedAt = outcome.at;
    const { confirmed } = await acts.confirmCategorySelection({
      year: this.year, confirmedAt: outcome.at, designatedOn, validUntil: addYears(designatedOn, this.config.designationYears), batch: `${this.year}-名特优新`,
    });
    this.state.confirmed = confirmed;
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
    const { promoted } = await acts.promoteAfterRemoval({ year: this.year, uscc, noticeEndsAt: this.noticeEndsAt(), reviewEndsAt: this.calendar.reviewEndsAt });
    this.state.selected = this.state.selected.filter((s) => s !== uscc);
    if (promoted) {
      this.state.promoted.push(promoted);
      this.state.selected.push(promoted);
    }
  }

  private noticeEndsAt(): string {
    return addWorkingDays(new Date().toISOString(), this.config.noticeWorkingDays, this.holidays).toISOString();
  }
}
