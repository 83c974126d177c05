// The human-task layer inside a workflow: a board of open tasks answering the task Updates of
// taskMessages.ts. The workflow is the authority (validators decide who may claim, complete, reassign
// or send back); the `task` table is the read model people search, written by activities. A task
// completion, send-back or cancellation writes its read model and audit with a local activity inside the
// Update's own workflow task; a claim or unclaim (most clicks) answers its event to the caller (the API), which
// writes it before it answers, and the board writes it again a little later in case the caller did not
// (docs/architecture.md#task-board): one workflow activation per claim, and nothing lost on a crash.
// Each task notifies its staff on assignment, reminds them before the due date and escalates when overdue.
import { ApplicationFailure, condition, patched, proxyActivities, proxyLocalActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notificationActivities';
import type { TaskActivities } from '../activities/taskActivities';
import type { TaskKind } from '../domain/taskKinds';
import {
  assignTaskUpdate, claimTaskUpdate, completeTaskUpdate, openTasksQuery, sendBackTaskUpdate, TASK_FAILURES, unclaimTaskUpdate,
  type Actor, type TaskEvent, type TaskView,
} from '../messages/taskMessages';

const acts = proxyActivities<TaskActivities & NotificationActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });
// A task event's write runs in the worker that runs the Update (a few milliseconds of SQL): it retries
// there (the workflow task is kept alive meanwhile) like the activity it replaces, without limit.
const local = proxyLocalActivities<TaskActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } });

/** The patch that moved task events from activities to local activities (histories before it replay the activity). */
export const TASK_EVENTS_LOCAL_PATCH = 'task-events-local-activity';
/** The patch after which claims and unclaims are written by their caller (histories before it wrote them in the Update). */
export const TASK_CLAIMS_BY_CALLER_PATCH = 'task-claims-written-by-caller';
/**
 * How long the board leaves the claims it answered to their caller before it writes them itself (written
 * twice when the caller did: the second write is absorbed by the event's key). Only a caller that failed
 * between the answer and its write leaves the read model behind, for this long.
 */
export const UNWRITTEN_EVENTS_FLUSH = '2 minutes';

export interface TaskSpec {
  taskId: string;
  kind: TaskKind;
  title: string;
  /** The role whose staff work the task; `alsoRoles` may work it too (e.g. the county administrator). */
  role: 'GRASSROOTS_STAFF' | 'COUNTY_AMR' | 'CITY_AMR';
  alsoRoles?: string[];
  county: string | null;
  dueAt: string;
  year: number;
  uscc?: string;
  reminderLeadMs: number;
  /**
   * A reason this actor may not work the task (beyond role and county), or null. May instead throw an
   * ApplicationFailure of the owner's own type (the recheck's SELF_VERIFICATION): it reaches the caller as is.
   */
  ineligible?: (actor: Actor) => string | null;
  /** A problem with a completion payload (Chinese), or null; synchronous, runs in the validator (may throw as `ineligible`). */
  validate: (actor: Actor, payload: unknown) => string | null;
  /**
   * What completing the task does beyond recording it, within the same Update (so the caller's answer
   * follows it): the recheck records its decision. It must call `board.complete`. Default: `board.complete`.
   */
  onComplete?: (actor: Actor, payload: unknown) => Promise<unknown>;
  /** Whether the task may be sent back to the step before it. */
  canSendBack?: boolean;
  /** What the task decides item by item (objection ids); `addItems` adds to an open task. */
  items?: string[];
}

export type TaskOutcome =
  | { kind: 'COMPLETED'; actor: Actor; payload: unknown; at: string }
  | { kind: 'SENT_BACK'; actor: Actor; reason: string; at: string }
  | { kind: 'CANCELLED'; reason: string };

interface Entry {
  spec: TaskSpec;
  view: TaskView;
  completedBy: string | null;
  outcome: TaskOutcome | null;
}

const refuse = (message: string, type: string) => ApplicationFailure.nonRetryable(message, type);

export class TaskBoard {
  private readonly entries = new Map<string, Entry>();
  private events = 0;
  /** Events answered to their caller and not yet written by the board (see UNWRITTEN_EVENTS_FLUSH). */
  private unwritten: TaskEvent[] = [];
  private flushing = false;

  constructor() {
    const open = (taskId: string): Entry => {
      const entry = this.entries.get(taskId);
      if (!entry) throw refuse('待办不存在', TASK_FAILURES.NOT_FOUND);
      if (entry.view.status !== 'OPEN') throw refuse('该待办已办结或已退回，不能再办理', TASK_FAILURES.NOT_OPEN);
      return entry;
    };
    const eligible = (entry: Entry, actor: Actor) => {
      const { spec } = entry;
      const roleOk = actor.role === spec.role || (spec.alsoRoles ?? []).includes(actor.role);
      if (!roleOk || (spec.county !== null && actor.county !== spec.county)) throw refuse('该待办不属于您的角色或辖区', TASK_FAILURES.NOT_ELIGIBLE);
      const problem = spec.ineligible?.(actor);
      if (problem) throw refuse(problem, TASK_FAILURES.NOT_ELIGIBLE);
    };
    const administers = (entry: Entry, actor: Actor) =>
      entry.spec.county === null ? actor.role === 'CITY_AMR' : actor.role === 'COUNTY_AMR' && actor.county === entry.spec.county;

    setHandler(openTasksQuery, () => [...this.entries.values()].filter((e) => e.view.status === 'OPEN').map((e) => e.view));

    setHandler(
      claimTaskUpdate,
      async (taskId, actor) => {
        const entry = this.entries.get(taskId)!;
        if (entry.view.assigneeId === actor.id) return entry.view; // claiming again is harmless
        entry.view.assigneeId = actor.id;
        const event = await this.record(entry, 'CLAIMED', actor, { assigneeId: actor.id }, true);
        return event ? { ...entry.view, event } : entry.view;
      },
      {
        validator: (taskId, actor) => {
          const entry = open(taskId);
          eligible(entry, actor);
          if (entry.view.assigneeId && entry.view.assigneeId !== actor.id) {
            // The holder's id travels in the failure (a refused Update is not in history): the API names them.
            throw ApplicationFailure.create({ message: '该待办已被他人认领', type: TASK_FAILURES.ALREADY_CLAIMED, nonRetryable: true, details: [{ holderId: entry.view.assigneeId }] });
          }
        },
      },
    );

    setHandler(
      unclaimTaskUpdate,
      async (taskId, actor) => {
        const entry = this.entries.get(taskId)!;
        entry.view.assigneeId = null;
        const event = await this.record(entry, 'UNCLAIMED', actor, { assigneeId: null }, true);
        return event ? { ...entry.view, event } : entry.view;
      },
      {
        validator: (taskId, actor) => {
          const entry = open(taskId);
          if (entry.view.assigneeId !== actor.id && !administers(entry, actor)) throw refuse('只有认领人或管理员可以退回认领', TASK_FAILURES.NOT_CLAIMANT);
        },
      },
    );

    setHandler(
      assignTaskUpdate,
      async (taskId, actor, assignment) => {
        const entry = this.entries.get(taskId)!;
        entry.view.assigneeId = assignment.assignee.id;
        await this.record(entry, assignment.mode === 'REASSIGN' ? 'REASSIGNED' : 'DELEGATED', actor, { assigneeId: assignment.assignee.id, note: assignment.note });
        await acts.notify({
          kind: 'TASK_ASSIGNED', eventKey: `${taskId}:${assignment.mode}:${this.events}`, audience: { principalId: assignment.assignee.id },
          context: { taskTitle: entry.spec.title, uscc: entry.spec.uscc ?? '', dueAt: entry.spec.dueAt },
        });
        return entry.view;
      },
      {
        validator: (taskId, actor, assignment) => {
          const entry = open(taskId);
          // Reassigning is the administrator's; delegating is the claimant's (or the administrator's).
          if (assignment.mode === 'REASSIGN' && !administers(entry, actor)) throw refuse('只有县级（市级待办为市级）管理员可以改派待办', TASK_FAILURES.NOT_ADMINISTRATOR);
          if (assignment.mode === 'DELEGATE' && entry.view.assigneeId !== actor.id && !administers(entry, actor)) throw refuse('只有认领人可以委托他人办理', TASK_FAILURES.NOT_CLAIMANT);
          if (!assignment.note?.trim()) throw refuse('改派或委托须说明理由', TASK_FAILURES.INVALID_PAYLOAD);
          eligible(entry, assignment.assignee);
        },
      },
    );

    setHandler(
      completeTaskUpdate,
      (taskId, actor, payload) => {
        const { spec, view } = this.entries.get(taskId)!;
        return spec.onComplete ? spec.onComplete(actor, payload).then(() => view) : this.complete(taskId, actor, payload);
      },
      {
        validator: (taskId, actor, payload) => {
          const entry = open(taskId);
          eligible(entry, actor);
          if (entry.view.assigneeId && entry.view.assigneeId !== actor.id) throw refuse('该待办已由他人认领，只有认领人可以办理', TASK_FAILURES.NOT_CLAIMANT);
          const problem = entry.spec.validate(actor, payload);
          if (problem) throw refuse(problem, TASK_FAILURES.INVALID_PAYLOAD);
        },
      },
    );

    setHandler(
      sendBackTaskUpdate,
      async (taskId, actor, reason) => {
        const entry = this.entries.get(taskId)!;
        entry.view.status = 'SENT_BACK';
        await this.record(entry, 'SENT_BACK', actor, { reason });
        entry.outcome = { kind: 'SENT_BACK', actor, reason, at: new Date().toISOString() };
        return entry.view;
      },
      {
        validator: (taskId, actor, reason) => {
          const entry = open(taskId);
          if (!entry.spec.canSendBack) throw refuse('该待办没有可退回的上一步', TASK_FAILURES.CANNOT_SEND_BACK);
          eligible(entry, actor);
          if (entry.view.assigneeId && entry.view.assigneeId !== actor.id && !administers(entry, actor)) throw refuse('只有认领人可以退回', TASK_FAILURES.NOT_CLAIMANT);
          if (typeof reason !== 'string' || !reason.trim()) throw refuse('退回须说明理由', TASK_FAILURES.INVALID_PAYLOAD);
        },
      },
    );
  }

  /**
   * Completes an open task. The generic Update calls this after its validator; a workflow whose own
   * Update decides the task (with its own refusals, e.g. the recheck verification) calls it directly.
   */
  async complete(taskId: string, actor: Actor, payload: unknown): Promise<TaskView> {
    const entry = this.entries.get(taskId)!;
    const at = new Date().toISOString();
    entry.view.status = 'COMPLETED';
    entry.completedBy = actor.id;
    await this.record(entry, 'COMPLETED', actor, { payload });
    entry.outcome = { kind: 'COMPLETED', actor, payload, at };
    return entry.view;
  }

  /** Who completed a task of this board (for "not the same person" rules). */
  completedBy(taskId: string): string | null {
    return this.entries.get(taskId)?.completedBy ?? null;
  }

  /** Whether the board has opened this task (a workflow's own Update may arrive before it does). */
  opened(taskId: string): boolean {
    return this.entries.has(taskId);
  }

  assignee(taskId: string): string | null {
    return this.entries.get(taskId)?.view.assigneeId ?? null;
  }

  /** Opens a task and resolves when it is completed, sent back or cancelled. */
  async run(spec: TaskSpec): Promise<TaskOutcome> {
    const entry: Entry = {
      spec, completedBy: null, outcome: null,
      view: {
        taskId: spec.taskId, kind: spec.kind, title: spec.title, role: spec.role, county: spec.county, status: 'OPEN', assigneeId: null, dueAt: spec.dueAt,
        ...(spec.items ? { items: spec.items } : {}),
      },
    };
    this.entries.set(spec.taskId, entry);
    await acts.openTask({
      taskId: spec.taskId, kind: spec.kind, title: spec.title, workflowId: workflowInfo().workflowId, role: spec.role, county: spec.county,
      dueAt: spec.dueAt, year: spec.year, uscc: spec.uscc ?? null, ...(spec.items ? { items: spec.items } : {}),
    });
    const settled = () => entry.outcome !== null;
    const staff = { role: spec.role, county: spec.county };
    const admin = spec.county === null ? { role: 'CITY_AMR', county: null } : { role: 'COUNTY_AMR', county: spec.county };
    const context = { taskTitle: spec.title, uscc: spec.uscc ?? '', dueAt: spec.dueAt };
    const notify = (kind: 'TASK_ASSIGNED' | 'TASK_REMINDER' | 'TASK_ESCALATED', audience: { role: string; county: string | null }) =>
      acts.notify({ kind, eventKey: `${spec.taskId}:${kind}`, audience, context });
    const due = Date.parse(spec.dueAt);
    const waitUntil = (instant: number) => condition(settled, Math.max(1, instant - Date.now()));

    await notify('TASK_ASSIGNED', staff);
    if (!(await waitUntil(due - spec.reminderLeadMs))) await notify('TASK_REMINDER', staff);
    if (!settled() && !(await waitUntil(due))) await notify('TASK_ESCALATED', admin);
    await condition(settled);
    return entry.outcome!;
  }

  /** Adds items to an open task (its spec's list, which its validator reads, and the read model); a closed task takes none. */
  async addItems(taskId: string, items: string[]): Promise<void> {
    const entry = this.entries.get(taskId);
    if (!entry || entry.view.status !== 'OPEN' || !items.length) return;
    for (const item of items) if (!entry.spec.items!.includes(item)) entry.spec.items!.push(item);
    entry.view.items = [...entry.spec.items!];
    await acts.addTaskItems({ taskId, items });
  }

  /** Closes every open task (withdrawal, end of the cycle, a deadline passed): they can no longer be worked. */
  async cancelOpen(reason: string, status: 'CANCELLED' | 'EXPIRED' = 'CANCELLED'): Promise<void> {
    for (const entry of this.entries.values()) {
      if (entry.view.status !== 'OPEN') continue;
      entry.view.status = status;
      await this.record(entry, status, null, { reason });
      entry.outcome = { kind: 'CANCELLED', reason };
    }
  }

  /**
   * Records a task event. `byCaller` (a claim or unclaim): the event is returned for the caller to write and
   * kept for the board's flush; otherwise it is written now, by a local activity, after the events still kept.
   */
  private async record(entry: Entry, action: string, actor: Actor | null, details: Record<string, unknown>, byCaller = false): Promise<TaskEvent | null> {
    this.events += 1;
    const event: TaskEvent = {
      eventId: `${entry.spec.taskId}:${this.events}`, taskId: entry.spec.taskId, action, actor, status: entry.view.status,
      assigneeId: entry.view.assigneeId, details, at: new Date().toISOString(),
    };
    if (patched(TASK_CLAIMS_BY_CALLER_PATCH)) {
      if (byCaller) {
        this.unwritten.push(event);
        this.flushLater();
        return event;
      }
      await this.writeKept([...this.unwritten, event]);
    } else if (patched(TASK_EVENTS_LOCAL_PATCH)) await local.recordTaskEvent(event);
    else await acts.recordTaskEvent(event);
    return null;
  }

  /**
   * Writes events and only then stops keeping them: a closing event while a flush is still retrying writes
   * the same events again (absorbed by their keys), so none is dropped if the workflow ends meanwhile.
   */
  private async writeKept(events: TaskEvent[]): Promise<void> {
    await local.recordTaskEvents(events);
    this.unwritten = this.unwritten.filter((kept) => !events.includes(kept));
  }

  /** Writes the kept events after UNWRITTEN_EVENTS_FLUSH (one timer and one local activity per burst of claims). */
  private flushLater(): void {
    if (this.flushing) return;
    this.flushing = true;
    void (async () => {
      while (this.unwritten.length) {
        await sleep(UNWRITTEN_EVENTS_FLUSH);
        if (this.unwritten.length) await this.writeKept([...this.unwritten]);
      }
      this.flushing = false;
    })();
  }
}
