// recheck-{year}-{uscc}: a household's (or staff member's) recheck of disputed typing values. It opens
// a verification task (humanTasks.ts: claim, reassign, reminders before the due date, escalation to the
// county administrator when overdue) for the county's 市场监管所 staff, who accept or reject each value
// with a reason. The verification completes through the task board's generic Update like every other
// task (completeTask: one way in, one set of checks in its validator — wrong person, the filer, not the
// claimant, closed task, bad decisions change nothing); the recheck's own Update `verifyRecheck` stays for
// workflows and clients that used it and runs the same checks and the same completion. Accepted values
// become corrections that the Sept 30 re-run uses; a recheck still unverified at the re-run expires. The
// household is told the outcome.
import { allHandlersFinished, ApplicationFailure, condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import { TASK_EVENTS_LOCAL_PATCH, TaskBoard } from './humanTasks';
import { recheckTaskId, recheckTaskTitle } from '../messages/ids';
import type { NotificationActivities } from '../activities/notificationActivities';
import type { RecheckActivities } from '../activities/recheckActivities';
import { RECHECK_FAILURES, recheckViewQuery, verifyRecheckUpdate, type RecheckInput, type RecheckView, type ValueDecision } from '../messages/recheckMessages';
import { TASK_FAILURES, type Actor } from '../messages/taskMessages';

const SELF_VERIFICATION_MESSAGE = '代经营者提交复核的工作人员不能核实该复核（职责分离）';

const acts = proxyActivities<RecheckActivities & NotificationActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });
// The verification's decision is written in the Update's own workflow task, like every task event (humanTasks.ts).
const local = proxyLocalActivities<RecheckActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } });

export function decisionProblem(input: RecheckInput, decisions: ValueDecision[]): string | null {
  const disputed = input.disputed.map((d) => d.feature).sort();
  const decided = decisions.map((d) => d.feature).sort();
  if (JSON.stringify(disputed) !== JSON.stringify(decided)) return '须对每一项争议数值分别作出且仅作出一次决定';
  for (const d of decisions) {
    if (!d.reason?.trim()) return '每项决定都须说明理由';
    if (d.accept && (typeof d.value !== 'number' || !Number.isFinite(d.value) || d.value < 0)) return '采纳的数值须为非负数';
  }
  return null;
}

export async function recheckWorkflow(input: RecheckInput): Promise<RecheckView> {
  const view: RecheckView = {
    recheckId: input.recheckId, year: input.year, uscc: input.uscc, status: 'AWAITING_VERIFICATION',
    disputed: input.disputed, decisions: null, dueAt: input.dueAt, assigneeId: null,
  };
  const taskId = recheckTaskId(input.recheckId);
  const board = new TaskBoard();
  const decided = () => view.status !== 'AWAITING_VERIFICATION';
  const refuse = (message: string, type: string) => ApplicationFailure.nonRetryable(message, type);

  // The recheck's own checks, run by the task board's validator (completeTask) and by verifyRecheck's.
  /** Separation of duties (docs/policy.md#p-recheck): whoever filed the recheck on the household's behalf neither works nor verifies it. */
  const notTheFiler = (actor: Actor) => {
    if (actor.id === input.submittedBy.id) throw refuse(SELF_VERIFICATION_MESSAGE, RECHECK_FAILURES.SELF_VERIFICATION);
  };
  const decisionsOf = (payload: unknown): ValueDecision[] => {
    const decisions = (payload as { decisions?: unknown } | null)?.decisions;
    if (!Array.isArray(decisions)) throw refuse('须逐项作出核实决定', RECHECK_FAILURES.INVALID_DECISIONS);
    const problem = decisionProblem(input, decisions as ValueDecision[]);
    if (problem) throw refuse(problem, RECHECK_FAILURES.INVALID_DECISIONS);
    return decisions as ValueDecision[];
  };
  /** The verification: the decision in the view, the task completed, the corrections recorded. */
  async function verify(verifier: Actor, decisions: ValueDecision[]): Promise<void> {
    view.status = decisions.some((d) => d.accept) ? 'RESOLVED_CORRECTED' : 'RESOLVED_NO_CHANGE';
    view.decisions = decisions;
    await board.complete(taskId, verifier, { decisions });
    const decision = { input, verifier, decisions, status: view.status, decidedAt: new Date().toISOString() };
    if (patched(TASK_EVENTS_LOCAL_PATCH)) await local.recordRecheckDecision(decision);
    else await acts.recordRecheckDecision(decision);
  }

  setHandler(recheckViewQuery, () => ({ ...view, assigneeId: board.assignee(taskId) }));
  setHandler(
    verifyRecheckUpdate,
    async (verifier: Actor, decisions: ValueDecision[]) => {
      // A verification that arrives while the recheck is still being recorded waits for its task to
      // open (the condition is true at once otherwise, so histories recorded before replay the same).
      await condition(() => board.opened(taskId));
      if (decided()) throw ApplicationFailure.nonRetryable('该复核已办结，不能再次核实', RECHECK_FAILURES.NOT_OPEN);
      await verify(verifier, decisions);
      return { ...view, assigneeId: board.assignee(taskId) };
    },
    {
      validator: (verifier: Actor, decisions: ValueDecision[]) => {
        if (decided()) throw ApplicationFailure.nonRetryable('该复核已办结，不能再次核实', RECHECK_FAILURES.NOT_OPEN);
        if (!['GRASSROOTS_STAFF', 'COUNTY_AMR'].includes(verifier.role) || verifier.county !== input.county) {
          throw ApplicationFailure.nonRetryable('只有该户所在县（市、区）的市场监管工作人员可以核实', RECHECK_FAILURES.NOT_ASSIGNEE);
        }
        notTheFiler(verifier);
        const assignee = board.assignee(taskId);
        if (assignee && assignee !== verifier.id) throw ApplicationFailure.nonRetryable('该待办已由他人认领，只有认领人可以办理', TASK_FAILURES.NOT_CLAIMANT);
        decisionsOf({ decisions });
      },
    },
  );

  await acts.openRecheck({ input });
  const verification = board.run({
    taskId, kind: 'RECHECK_VERIFY', title: recheckTaskTitle(input.uscc), role: 'GRASSROOTS_STAFF', alsoRoles: ['COUNTY_AMR'], county: input.county,
    dueAt: input.dueAt, year: input.year, uscc: input.uscc, reminderLeadMs: input.reminderLeadMs ?? 2 * 86_400_000,
    // The filer can neither claim, be given nor complete the task (SELF_VERIFICATION).
    ineligible: (actor) => {
      notTheFiler(actor);
      return null;
    },
    // The decisions: one for each disputed value, with a reason, and a value when accepted.
    validate: (_actor, payload) => {
      decisionsOf(payload);
      return null;
    },
    onComplete: (verifier, payload) => verify(verifier, (payload as { decisions: ValueDecision[] }).decisions),
  });
  if (!(await condition(decided, Math.max(1, Date.parse(input.expiresAt) - Date.now())))) {
    view.status = 'EXPIRED';
    await board.cancelOpen('未在重新分型前完成核实', 'EXPIRED');
    await acts.expireRecheck({ recheckId: input.recheckId });
  }
  await verification;
  await condition(allHandlersFinished);
  const outcome = { RESOLVED_CORRECTED: '已核实，部分或全部数值予以更正', RESOLVED_NO_CHANGE: '已核实，数值不予更正', EXPIRED: '未在重新分型前完成核实', AWAITING_VERIFICATION: '' }[view.status];
  await acts.notify({
    kind: 'RECHECK_RESULT', eventKey: `recheck:${input.recheckId}:RESULT`, audience: { household: input.uscc },
    context: { taskTitle: recheckTaskTitle(input.uscc), uscc: input.uscc, dueAt: input.dueAt, outcome },
  });
  return { ...view, assigneeId: board.assignee(taskId) };
}
