// designation-{year}-{uscc}: a 名特优新 designation through its validity (docs/policy.md#p-designation, docs/policy.md#p-designation-evaluation).
// ACTIVE until the final year opens → UNDER_EVALUATION with a task for the city (the designating
// department) → EXTENDED by the same period (and ACTIVE again), or EXPIRED at the end of its last day
// — also when nobody decided in time (the task reminds and escalates first).
// Since revocation (docs/policy.md#p-designation-revocation): a feed batch that touched the household's
// facts Signals the workflow, which re-reads them; N1, N2, N4, N5, deregistration or revocation of the
// licence, a suspension over the limit, or fraud reported by the city open the procedure — notice
// (mailed) → statement of defence until its deadline → the city's decision task → REVOKED (the label
// leaves the directory) or back to where it was. Each step is mailed and audited.
import { allHandlersFinished, ApplicationFailure, condition, executeChild, ParentClosePolicy, patched, proxyActivities, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import type { ApplicationActivities } from '../activities/applicationActivities';
import type { DesignationActivities } from '../activities/designationActivities';
import type { NotificationActivities } from '../activities/notificationActivities';
import { payloadProblem, TASK_PAYLOADS } from '../domain/category/decisions';
import {
  addYears, DEFAULT_REVOCATION_CONFIG, evaluationOpensAt, expiresAt, type DesignationStatus, type RevocationConfig, type RevocationGround,
} from '../domain/category/designation';
import type { NotificationKind } from '../domain/notifications';
import { shanghaiDate } from '../domain/shanghaiTime';
import {
  DESIGNATION_FAILURES, designationFactsChangedSignal, designationViewQuery, reportFraudUpdate, submitDefenceUpdate,
  type DesignationView, type FactsChanged, type RevocationView,
} from '../messages/designationMessages';
import { TaskBoard, type TaskOutcome } from './humanTasks';
import { designationEvaluationTaskId, designationWorkflowId, policyMatchingAfterDesignationId, revocationDecisionTaskId } from '../messages/ids';
import { policyMatchingWorkflow } from './policyMatching';
import type { PolicyMatchingInput } from '../messages/policyMatchingMessages';
import { sleepUntil } from './sleepUntil';
import type { Actor } from '../messages/taskMessages';

export { designationViewQuery, type DesignationView } from '../messages/designationMessages';

const acts = proxyActivities<ApplicationActivities & DesignationActivities & NotificationActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });

export interface DesignationInput {
  uscc: string;
  year: number;
  category: string;
  designatedOn: string;
  validUntil: string;
  /** Years a designation lasts, and an extension adds (§8.7: 3). */
  years: number;
  reminderLeadMs: number;
  /** The revocation procedure's deadlines (defaults: DEFAULT_REVOCATION_CONFIG). */
  revocation?: Partial<RevocationConfig>;
}

const DAY_MS = 86_400_000;

export async function designationWorkflow(input: DesignationInput): Promise<DesignationView> {
  const view: DesignationView = { status: 'ACTIVE', validUntil: input.validUntil, evaluations: [] };
  setHandler(designationViewQuery, () => view);
  // Designations since: the household's support policies are matched again with its new label
  // (docs/policy.md#p-policy-matching), in a batch of its own.
  // Awaited (an abandoned child stalled the time-skipping test server's clock); the first designations
  // that abandoned it replay as they were.
  const batchId = policyMatchingAfterDesignationId(workflowInfo().workflowId);
  const matching = { workflowId: batchId, args: [{ batchId, runId: null, trigger: 'DESIGNATION' as const, uscc: input.uscc }] as [PolicyMatchingInput] };
  if (patched('policy-matching-on-designation-awaited')) {
    await executeChild(policyMatchingWorkflow, matching);
  } else if (patched('policy-matching-on-designation')) {
    await startChild(policyMatchingWorkflow, { ...matching, parentClosePolicy: ParentClosePolicy.ABANDON });
  }
  // Designations started before revocation existed run their lifecycle as they did (replay).
  if (!patched('designation-revocation')) return lifecycleWithoutRevocation(input, view);
  return lifecycleWithRevocation(input, view);
}

async function lifecycleWithoutRevocation(input: DesignationInput, view: DesignationView): Promise<DesignationView> {
  const board = new TaskBoard();
  const record = (status: DesignationStatus) => {
    view.status = status;
    return acts.recordDesignationStatus({ uscc: input.uscc, year: input.year, status, validUntil: view.validUntil, at: new Date().toISOString() });
  };

  for (let round = 1; ; round++) {
    await sleepUntil(evaluationOpensAt(view.validUntil), 'evaluationOpensAt');
    await record('UNDER_EVALUATION');
    const lapse = expiresAt(view.validUntil);
    let outcome: TaskOutcome | null = null;
    const evaluation = board
      .run({
        taskId: designationEvaluationTaskId(input.year, input.uscc, round), kind: 'DESIGNATION_EVALUATION',
        title: `名特优新期满评价：${input.uscc}（有效期至 ${view.validUntil}）`, role: 'CITY_AMR', county: null, year: input.year, uscc: input.uscc,
        dueAt: new Date(lapse.getTime() - 30 * DAY_MS).toISOString(), reminderLeadMs: input.reminderLeadMs,
        validate: (_actor, payload) => payloadProblem(TASK_PAYLOADS.DESIGNATION_EVALUATION, payload),
      })
      .then((o) => void (outcome = o));
    await condition(() => outcome !== null, Math.max(1, lapse.getTime() - Date.now()));
    const decided = outcome as TaskOutcome | null;
    if (decided?.kind === 'COMPLETED' && (decided.payload as { extend: boolean }).extend) {
      const { reason } = decided.payload as { reason: string };
      view.evaluations.push({ at: decided.at, extend: true, reason, by: decided.actor.id });
      view.validUntil = addYears(view.validUntil, input.years);
      await record('EXTENDED');
      await record('ACTIVE');
      continue;
    }
    if (decided?.kind === 'COMPLETED') {
      view.evaluations.push({ at: decided.at, extend: false, reason: (decided.payload as { reason: string }).reason, by: decided.actor.id });
    } else {
      await board.cancelOpen('有效期已届满，未作出延续决定');
    }
    await evaluation;
    await sleepUntil(lapse, 'expiresAt');
    await record('EXPIRED');
    return view;
  }
}

async function lifecycleWithRevocation(input: DesignationInput, view: DesignationView): Promise<DesignationView> {
  const { uscc, year } = input;
  const config: RevocationConfig = { ...DEFAULT_REVOCATION_CONFIG, ...input.revocation };
  const workflowId = designationWorkflowId(uscc, year);
  const board = new TaskBoard();
  const revocations: RevocationView[] = (view.revocations = []);
  /** Where the lifecycle is (ACTIVE, UNDER_EVALUATION…); shown unless a revocation is under way. */
  let lifecycleStatus: DesignationStatus = 'ACTIVE';
  let revoking = false;
  let closed = false; // revoked or expired: nothing more happens
  const heardBatches = new Set<string>();
  const factsChanged: FactsChanged[] = [];
  const fraudReports: Array<{ actor: Actor; findings: string }> = [];
  let defenceOpen: RevocationView | null = null;

  // The read model first, then the view: whoever sees a status in the view finds it in the label too.
  const write = async (status: DesignationStatus) => {
    await acts.recordDesignationStatus({ uscc, year, status, validUntil: view.validUntil, at: new Date().toISOString() });
    view.status = status;
  };
  const record = async (status: DesignationStatus) => {
    lifecycleStatus = status;
    if (!revoking) await write(status);
  };
  let mails = 0;
  const tell = (kind: NotificationKind, outcome: string, dueAt = '') =>
    acts.notify({ kind, eventKey: `${workflowId}:${kind}:${++mails}`, audience: { household: uscc }, context: { taskTitle: '名特优新认定', uscc, dueAt, outcome } });
  const refuse = (message: string, type: string) => ApplicationFailure.nonRetryable(message, type);

  setHandler(designationFactsChangedSignal, (s) => {
    if (heardBatches.has(s.batchId)) return;
    heardBatches.add(s.batchId);
    factsChanged.push(s);
  });
  setHandler(
    reportFraudUpdate,
    async (actor, findings) => {
      fraudReports.push({ actor, findings });
      await acts.auditDesignation({ uscc, year, action: 'DESIGNATION_FRAUD_REPORTED', actor, after: { findings } });
      return view;
    },
    {
      validator: (actor, findings) => {
        if (closed) throw refuse('该认定已撤销或已到期', DESIGNATION_FAILURES.NOT_IN_FORCE);
        if (actor.role !== 'CITY_AMR') throw refuse('只有市级市场监管部门可以认定弄虚作假', DESIGNATION_FAILURES.NOT_IN_FORCE);
        if (typeof findings !== 'string' || !findings.trim()) throw refuse('须说明查实的弄虚作假情况', DESIGNATION_FAILURES.NOT_IN_FORCE);
      },
    },
  );
  setHandler(
    submitDefenceUpdate,
    async (actor, statement) => {
      const open = defenceOpen!;
      open.defence = { statement, at: new Date().toISOString(), by: actor.id };
      await acts.auditDesignation({ uscc, year, action: 'REVOCATION_DEFENCE_SUBMITTED', actor, after: { round: open.round, statement } });
      await tell('REVOCATION_DEFENCE_RECEIVED', '已收到陈述申辩');
      return view;
    },
    {
      validator: (actor, statement) => {
        if (actor.uscc !== uscc) throw refuse('只能就本户的认定陈述申辩', DESIGNATION_FAILURES.NOT_OWN);
        const current = revocations.at(-1);
        if (current?.defence && !current.decision) throw refuse('本次撤销告知的陈述申辩已提交，不能重复提交', DESIGNATION_FAILURES.DEFENCE_ALREADY_SUBMITTED);
        if (!defenceOpen) throw refuse('当前没有待陈述申辩的撤销告知（未告知或申辩期限已过）', DESIGNATION_FAILURES.NO_DEFENCE_OPEN);
        if (defenceOpen.defence) throw refuse('本次撤销告知的陈述申辩已提交，不能重复提交', DESIGNATION_FAILURES.DEFENCE_ALREADY_SUBMITTED);
        if (typeof statement !== 'string' || !statement.trim()) throw refuse('陈述申辩意见不能为空', DESIGNATION_FAILURES.NO_DEFENCE_OPEN);
      },
    },
  );

  /** Waits until `instant` unless the designation closes first; true when it closed. */
  const closedBefore = (instant: number) => condition(() => closed, Math.max(1, instant - Date.now()));

  async function lifecycle(): Promise<void> {
    for (let round = 1; ; round++) {
      if (await closedBefore(evaluationOpensAt(view.validUntil).getTime())) return;
      await record('UNDER_EVALUATION');
      const lapse = expiresAt(view.validUntil);
      let outcome: TaskOutcome | null = null;
      const evaluation = board
        .run({
          taskId: designationEvaluationTaskId(year, uscc, round), kind: 'DESIGNATION_EVALUATION',
          title: `名特优新期满评价：${uscc}（有效期至 ${view.validUntil}）`, role: 'CITY_AMR', county: null, year, uscc,
          dueAt: new Date(lapse.getTime() - 30 * DAY_MS).toISOString(), reminderLeadMs: input.reminderLeadMs,
          validate: (_actor, payload) => payloadProblem(TASK_PAYLOADS.DESIGNATION_EVALUATION, payload),
        })
        .then((o) => void (outcome = o));
      await condition(() => outcome !== null || closed, Math.max(1, lapse.getTime() - Date.now()));
      if (closed) return void (await evaluation);
      const decided = outcome as TaskOutcome | null;
      if (decided?.kind === 'COMPLETED' && (decided.payload as { extend: boolean }).extend) {
        const { reason } = decided.payload as { reason: string };
        view.evaluations.push({ at: decided.at, extend: true, reason, by: decided.actor.id });
        view.validUntil = addYears(view.validUntil, input.years);
        await record('EXTENDED');
        await record('ACTIVE');
        continue;
      }
      if (decided?.kind === 'COMPLETED') {
        view.evaluations.push({ at: decided.at, extend: false, reason: (decided.payload as { reason: string }).reason, by: decided.actor.id });
      } else {
        await board.cancelOpen('有效期已届满，未作出延续决定');
      }
      await evaluation;
      if (await closedBefore(lapse.getTime())) return;
      closed = true;
      revoking = false;
      await board.cancelOpen('有效期已届满');
      await write('EXPIRED');
      return;
    }
  }

  /** Hears feed batches and fraud reports; opens a revocation procedure when there are grounds. */
  async function watch(): Promise<void> {
    let recheckAt: number | null = null; // a suspension becomes a ground after this instant
    for (let round = 1; ; ) {
      const woken = () => closed || factsChanged.length > 0 || fraudReports.length > 0;
      const heard = recheckAt === null ? (await condition(woken), true) : await condition(woken, Math.max(1, recheckAt - Date.now()));
      if (closed) return;
      const grounds: RevocationGround[] = [];
      if (factsChanged.length > 0 || !heard) {
        factsChanged.splice(0);
        const found = await acts.designationRevocationGrounds({ uscc, year, today: shanghaiDate(new Date()), config });
        grounds.push(...found.grounds);
        recheckAt = found.recheckOn ? expiresAt(found.recheckOn).getTime() : null;
      }
      for (const report of fraudReports.splice(0)) grounds.push({ code: 'FRAUD', reason: `经查实申请中存在弄虚作假：${report.findings}` });
      if (closed) return;
      if (grounds.length === 0) continue;
      if (await revoke(round++, grounds)) return;
    }
  }

  /** notice → defence → decision; true when the designation is closed (revoked, or expired meanwhile). */
  async function revoke(round: number, grounds: RevocationGround[]): Promise<boolean> {
    revoking = true;
    const now = Date.now();
    const defenceDueAt = expiresAt(shanghaiDate(new Date(now + config.defenceDays * DAY_MS))).toISOString();
    const procedure: RevocationView = { round, grounds, noticeAt: new Date(now).toISOString(), defenceDueAt, defence: null, decision: null };
    revocations.push(procedure);
    await write('REVOKING');
    await acts.auditDesignation({ uscc, year, action: 'REVOCATION_NOTICE_ISSUED', actor: null, after: { round, grounds, defenceDueAt } });
    const facts = grounds.map((g) => g.reason).join('；');
    await tell('REVOCATION_NOTICE', facts, defenceDueAt);

    defenceOpen = procedure;
    await condition(() => procedure.defence !== null || closed, Math.max(1, Date.parse(defenceDueAt) - Date.now()));
    defenceOpen = null;
    if (closed) return true;

    const decision = await board.run({
      taskId: revocationDecisionTaskId(year, uscc, round), kind: 'REVOCATION_DECISION',
      title: `名特优新撤销决定：${uscc}（${grounds.map((g) => g.code).join('、')}${procedure.defence ? '，经营者已陈述申辩' : '，经营者未陈述申辩'}）`,
      role: 'CITY_AMR', county: null, year, uscc,
      dueAt: new Date(Date.now() + config.decisionDays * DAY_MS).toISOString(), reminderLeadMs: input.reminderLeadMs,
      validate: (_actor, payload) => payloadProblem(TASK_PAYLOADS.REVOCATION_DECISION, payload),
    });
    if (decision.kind !== 'COMPLETED') return true; // cancelled: the designation expired meanwhile
    const { revoke: revoked, reason } = decision.payload as { revoke: boolean; reason: string };
    procedure.decision = { revoke: revoked, reason, by: decision.actor.id, at: decision.at };
    if (revoked) {
      closed = true;
      await write('REVOKED');
      await board.cancelOpen('名特优新认定已撤销');
      await tell('DESIGNATION_REVOKED', reason);
      return true;
    }
    revoking = false;
    await write(lifecycleStatus);
    await tell('REVOCATION_DISMISSED', reason);
    return false;
  }

  const watcher = watch();
  await lifecycle();
  await watcher;
  await condition(allHandlersFinished);
  return view;
}
