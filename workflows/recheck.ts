// recheck-{year}-{uscc}: a household's (or staff member's) recheck of disputed typing values. It opens
// a verification task for the county's 市场监管所 staff, who accept or reject each value with a reason
// (an Update, validated synchronously: wrong person, closed recheck or bad decisions change nothing).
// Accepted values become corrections that the Sept 30 re-run uses. Staff are notified on assignment and
// reminded before the due date; an overdue task is escalated to the county administrator; a recheck
// still unverified at the re-run expires. The household is told the outcome.
import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { recheckTaskId, recheckTaskTitle } from './ids';
import type { NotificationActivities } from '../activities/notificationActivities';
import type { RecheckActivities } from '../activities/recheckActivities';
import {
  claimRecheckTaskUpdate, RECHECK_FAILURES, recheckViewQuery, unclaimRecheckTaskUpdate, verifyRecheckUpdate,
  type RecheckInput, type RecheckView, type ValueDecision, type Verifier,
} from './recheckMessages';

const acts = proxyActivities<RecheckActivities & NotificationActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });

const VERIFIER_ROLES = ['GRASSROOTS_STAFF', 'COUNTY_AMR'];

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
  // Synchronous checks shared by claim, unclaim and verify: the task must be open and the person must
  // be staff of the business's county.
  const assertOpenFor = (verifier: Verifier) => {
    if (view.status !== 'AWAITING_VERIFICATION') throw ApplicationFailure.nonRetryable('该复核已办结，不能再次核实', RECHECK_FAILURES.NOT_OPEN);
    if (!VERIFIER_ROLES.includes(verifier.role) || verifier.county !== input.county) {
      throw ApplicationFailure.nonRetryable('只有该户所在县（市、区）的市场监管工作人员可以核实', RECHECK_FAILURES.NOT_ASSIGNEE);
    }
  };
  const taskId = recheckTaskId(input.recheckId);
  setHandler(
    claimRecheckTaskUpdate,
    async (verifier: Verifier) => {
      if (view.assigneeId === verifier.id) return view; // claiming again is harmless
      view.assigneeId = verifier.id;
      await acts.recordTaskAssignment({ taskId, assigneeId: verifier.id, actor: verifier, action: 'TASK_CLAIMED' });
      return view;
    },
    {
      validator: (verifier: Verifier) => {
        assertOpenFor(verifier);
        if (view.assigneeId && view.assigneeId !== verifier.id) throw ApplicationFailure.nonRetryable('该待办已被他人认领', RECHECK_FAILURES.ALREADY_CLAIMED);
      },
    },
  );
  setHandler(
    unclaimRecheckTaskUpdate,
    async (verifier: Verifier) => {
      view.assigneeId = null;
      await acts.recordTaskAssignment({ taskId, assigneeId: null, actor: verifier, action: 'TASK_UNCLAIMED' });
      return view;
    },
    {
      validator: (verifier: Verifier) => {
        assertOpenFor(verifier);
        // The claimant may hand the task back; so may the county administrator.
        if (view.assigneeId !== verifier.id && verifier.role !== 'COUNTY_AMR') throw ApplicationFailure.nonRetryable('只有认领人或县级管理员可以退回认领', RECHECK_FAILURES.NOT_CLAIMANT);
      },
    },
  );
  setHandler(recheckViewQuery, () => view);
  setHandler(
    verifyRecheckUpdate,
    async (verifier: Verifier, decisions: ValueDecision[]) => {
      view.status = decisions.some((d) => d.accept) ? 'RESOLVED_CORRECTED' : 'RESOLVED_NO_CHANGE';
      view.decisions = decisions;
      await acts.recordRecheckDecision({ input, verifier, decisions, status: view.status, decidedAt: new Date().toISOString() });
      return view;
    },
    {
      validator: (verifier: Verifier, decisions: ValueDecision[]) => {
        assertOpenFor(verifier);
        if (view.assigneeId && view.assigneeId !== verifier.id) throw ApplicationFailure.nonRetryable('该待办已由他人认领，只有认领人可以办理', RECHECK_FAILURES.NOT_CLAIMANT);
        const problem = decisionProblem(input, decisions);
        if (problem) throw ApplicationFailure.nonRetryable(problem, RECHECK_FAILURES.INVALID_DECISIONS);
      },
    },
  );

  const decided = () => view.status !== 'AWAITING_VERIFICATION';
  const waitUntil = (instant: number) => condition(decided, Math.max(1, instant - Date.now()));
  const context = { taskTitle: recheckTaskTitle(input.uscc), uscc: input.uscc, dueAt: input.dueAt };
  const staff = { role: 'GRASSROOTS_STAFF' as const, county: input.county };
  const notify = (kind: 'TASK_ASSIGNED' | 'TASK_REMINDER' | 'TASK_ESCALATED', audience: typeof staff | { role: 'COUNTY_AMR'; county: string }) =>
    acts.notify({ kind, eventKey: `recheck:${input.recheckId}:${kind}`, audience, context });

  await acts.openRecheck({ input });
  await notify('TASK_ASSIGNED', staff);
  const due = Date.parse(input.dueAt);
  if (!(await waitUntil(due - (input.reminderLeadMs ?? 2 * 86_400_000)))) await notify('TASK_REMINDER', staff);
  if (!decided() && !(await waitUntil(due))) await notify('TASK_ESCALATED', { role: 'COUNTY_AMR', county: input.county });
  if (!decided() && !(await waitUntil(Date.parse(input.expiresAt)))) {
    view.status = 'EXPIRED';
    await acts.expireRecheck({ recheckId: input.recheckId });
  }
  await condition(allHandlersFinished);
  const outcome = { RESOLVED_CORRECTED: '已核实，部分或全部数值予以更正', RESOLVED_NO_CHANGE: '已核实，数值不予更正', EXPIRED: '未在重新分型前完成核实', AWAITING_VERIFICATION: '' }[view.status];
  await acts.notify({ kind: 'RECHECK_RESULT', eventKey: `recheck:${input.recheckId}:RESULT`, audience: { household: input.uscc }, context: { ...context, outcome } });
  return view;
}
