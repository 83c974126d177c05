// What every step of an application shares (workflows/categoryApplication.ts composes the steps): the
// view, the task board, what the cycle and the household have told the workflow, and the helpers that
// record a status, notify the household and tell the cycle. Plain functions and one object, not child
// workflows: the steps run inside `application-{year}-{uscc}` and emit the commands it always emitted.
import {
  allHandlersFinished, ApplicationFailure, condition, getExternalWorkflowHandle, log, proxyActivities, setHandler, upsertSearchAttributes, type SignalDefinition,
} from '@temporalio/workflow';
import type { ApplicationActivities } from '../../activities/applicationActivities';
import type { NotificationActivities } from '../../activities/notificationActivities';
import type { SelectionActivities } from '../../activities/selectionActivities';
import { APPLICATION_STATUSES, CATEGORIES, FINAL_STATUSES, type ApplicationStatus } from '../../domain/category/categories';
import type { NotificationKind } from '../../domain/notifications';
import type { TaskKind } from '../../domain/taskKinds';
import {
  applicationLeftSignal, applicationViewQuery, APPLICATION_FAILURES, confirmedSignal, finalizeSignal, objectionSignal, rankingSignal, receivedView,
  recommendSignal, reviewOpenedSignal, withdrawUpdate, type ApplicationInput, type ApplicationView, type ObjectionNotice, type RankingOutcome,
} from '../applicationMessages';
import { TaskBoard, type TaskSpec } from '../humanTasks';
import { applicationWorkflowId } from '../ids';
import { ApplicationStatus as StatusAttribute, Category, County, CycleYear } from '../searchAttributes';
import type { Actor } from '../taskMessages';

export const acts = proxyActivities<ApplicationActivities & NotificationActivities & Pick<SelectionActivities, 'selectionRegister' | 'categoryReviewOpened'>>({
  startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' },
});

export interface Designation {
  designatedOn: string;
  validUntil: string;
  batch: string;
}

export class ApplicationRun {
  readonly workflowId: string;
  readonly view: ApplicationView;
  /** One board per workflow: every step opens its tasks here. */
  readonly board = new TaskBoard();
  /** From the cycle (signals). */
  reviewOpened = false;
  ranking: RankingOutcome | null = null;
  confirmation: Designation | null = null;
  /** Withdrawal or the cycle's final word. */
  ending: { status: ApplicationStatus; reason: string } | null = null;
  /** Objections received in the notice, not yet taken into a task. */
  readonly objectionQueue: ObjectionNotice[] = [];
  /** From the registration the gate read (a ranking tie-breaker). */
  establishedOn = '';
  /** The cycle keeps its register in the database and reads this application's read model (set once received). */
  registerInDatabase = false;
  /** Nobody is left waiting past the cycle. */
  readonly deadline: number;
  private readonly cycle: ReturnType<typeof getExternalWorkflowHandle>;

  constructor(readonly input: ApplicationInput) {
    const { applicationId, year, uscc, county, category, calendar } = input;
    this.workflowId = applicationWorkflowId(year, uscc);
    this.view = receivedView(input);
    const view = this.view;

    upsertSearchAttributes([
      { key: CycleYear, value: year }, { key: Category, value: category }, { key: County, value: county }, { key: StatusAttribute, value: view.status },
    ]);

    setHandler(applicationViewQuery, () => view);
    setHandler(recommendSignal, (rec) => {
      // A recommendation carries its own id: a repeat changes nothing.
      if (view.recommendations.some((r) => r.recommendationId === rec.recommendationId)) return;
      view.recommendations.push(rec);
    });
    setHandler(objectionSignal, (notice) => {
      if (view.objections.some((o) => o.objectionId === notice.objectionId)) return;
      const inNotice = view.noticeEndsAt !== null && Date.parse(notice.receivedAt) < Date.parse(view.noticeEndsAt) && ['IN_PUBLICITY', 'OBJECTION_RAISED'].includes(view.status);
      view.objections.push({ ...notice, status: inNotice ? 'RECEIVED' : 'LATE' });
      if (inNotice) this.objectionQueue.push(notice);
    });
    setHandler(reviewOpenedSignal, () => void (this.reviewOpened = true));
    setHandler(rankingSignal, (outcome) => void (this.ranking = outcome));
    setHandler(confirmedSignal, (c) => void (this.confirmation = c));
    setHandler(finalizeSignal, async ({ reason }) => {
      if (this.ended() || FINAL_STATUSES.includes(view.status)) return;
      this.ending = { status: 'NOT_DESIGNATED', reason };
      await this.board.cancelOpen(reason);
    });
    setHandler(
      withdrawUpdate,
      async (actor, reason) => {
        this.ending = { status: 'WITHDRAWN', reason: reason || '经营者撤回申请' };
        await this.board.cancelOpen('经营者已撤回申请');
        await acts.auditApplication({ applicationId, action: 'APPLICATION_WITHDRAWN', actor, after: { reason } });
        return view;
      },
      {
        validator: (actor: Actor, _reason: string) => {
          if (actor.role !== 'HOUSEHOLD' || actor.uscc !== uscc) {
            throw ApplicationFailure.nonRetryable('只有申报户本人可以撤回申请', APPLICATION_FAILURES.NOT_APPLICANT);
          }
          if (this.ended() || FINAL_STATUSES.includes(view.status) || ['CONFIRMED', 'INGESTED'].includes(view.status)) {
            throw ApplicationFailure.nonRetryable(`申请当前为「${APPLICATION_STATUSES[view.status]}」，不能撤回`, APPLICATION_FAILURES.CANNOT_WITHDRAW);
          }
        },
      },
    );

    this.cycle = getExternalWorkflowHandle(input.cycleWorkflowId);
    this.deadline = Date.parse(calendar.closesAt) + 86_400_000;
  }

  ended(): boolean {
    return this.ending !== null;
  }

  /** Waits for `ready`, the end of the application, or `until` (epoch ms); false when `until` passed first. */
  waitFor(ready: () => boolean, until?: number): Promise<boolean> {
    return condition(() => ready() || this.ended(), until === undefined ? undefined : Math.max(1, until - Date.now()));
  }

  /** Records a status in the view, the search attribute and the read model. */
  async setStatus(status: ApplicationStatus, note?: string, patch: Record<string, unknown> = {}): Promise<void> {
    const { view } = this;
    view.status = status;
    const at = new Date().toISOString();
    view.history.push({ status, at, ...(note ? { note } : {}) });
    upsertSearchAttributes([{ key: StatusAttribute, value: status }]);
    await acts.updateApplication({ applicationId: this.input.applicationId, status, at, note: note ?? null, patch });
  }

  /** Notifies the household (once per status change: the event key carries the history's length). */
  tell(kind: NotificationKind, outcome: string, extra: { dueAt?: string } = {}) {
    const { applicationId, uscc, category } = this.input;
    return acts.notify({
      kind, eventKey: `${this.workflowId}:${applicationId}:${kind}:${this.view.history.length}`, audience: { household: uscc },
      context: { taskTitle: `${CATEGORIES[category]}类申请`, uscc, dueAt: extra.dueAt ?? '', outcome },
    });
  }

  /** Tells the cycle; an application whose cycle is gone carries on to its own deadline. */
  async tellCycle<Args extends unknown[]>(signal: SignalDefinition<Args>, args: Args, what: string): Promise<void> {
    try {
      await this.cycle.signal(signal, ...args);
    } catch (error) {
      log.warn('could not signal the cycle', { what, error: String(error) });
    }
  }

  recommendedForCategory(): boolean {
    return this.view.recommendations.some((r) => r.category === this.input.category);
  }

  /** The common part of a county task's spec (the county's AMR, in the applicant's county). */
  countyTask(taskId: string, kind: TaskKind, title: string, dueAt: Date): Omit<TaskSpec, 'validate'> {
    const { year, uscc, county, config } = this.input;
    return { taskId, kind, title, role: 'COUNTY_AMR', county, dueAt: dueAt.toISOString(), year, uscc, reminderLeadMs: config.reminderLeadMs };
  }

  /** The application's end: records a withdrawal or the cycle's final word, closes its tasks, tells the cycle if needed. */
  async finish(): Promise<ApplicationView> {
    const { view } = this;
    const ending = this.ending;
    if (ending && !FINAL_STATUSES.includes(view.status)) {
      await this.setStatus(ending.status, ending.reason);
      await this.tell(ending.status === 'WITHDRAWN' ? 'APPLICATION_WITHDRAWN' : 'APPLICATION_NOT_DESIGNATED', ending.reason);
    }
    await this.board.cancelOpen('申请已结束');
    // A cycle with its register in the database only needs to hear of a selected applicant leaving (a freed place).
    if (this.ending?.status !== 'NOT_DESIGNATED' && view.status !== 'DESIGNATED' && (!this.registerInDatabase || view.noticeEndsAt !== null)) {
      await this.tellCycle(applicationLeftSignal, [{ workflowId: this.workflowId, status: view.status }], 'left');
    }
    await condition(allHandlersFinished);
    return view;
  }
}
