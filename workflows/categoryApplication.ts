// application-{year}-{uscc}: one household's 名特优新 application through the states of docs/policy.md#p-cat-states
// — gate (pool and negative list) → county review → on-site visit by two assessors → scored →
// ranked by the cycle within the quota → public notice with real-name objections → city confirmation
// → ingested into the directory and designated for 3 years. Withdrawal is possible until confirmation.
// Staff work happens in tasks (humanTasks.ts); the household is notified at each outcome.
import {
  allHandlersFinished, ApplicationFailure, condition, getExternalWorkflowHandle, log, ParentClosePolicy, patched, proxyActivities, setHandler, startChild, upsertSearchAttributes,
} from '@temporalio/workflow';
import type { ApplicationActivities } from '../activities/applicationActivities';
import type { NotificationActivities } from '../activities/notificationActivities';
import type { SelectionActivities } from '../activities/selectionActivities';
import { APPLICATION_STATUSES, CATEGORIES, FINAL_STATUSES, type ApplicationStatus } from '../domain/category/categories';
import { autoVerifiedCount, criteriaOf, evaluateCriteria } from '../domain/category/criteria';
import {
  batchCoverageProblem, payloadProblem, TASK_PAYLOADS, type ObjectionBatchAcceptance, type ObjectionBatchVerdict, type ReviewDecision, type VisitScore,
} from '../domain/category/decisions';
import { evaluateGate } from '../domain/category/gate';
import { combineScores, scoreProblems } from '../domain/category/scoreSheet';
import type { NotificationKind } from '../domain/notifications';
import { shanghaiDate } from '../domain/shanghaiTime';
import { addWorkingDays } from '../domain/workingDays';
import {
  applicationLeftSignal, applicationRegisteredSignal, applicationScoredSignal, applicationViewQuery, APPLICATION_FAILURES, confirmedSignal,
  finalizeSignal, objectionSignal, publicityClearedSignal, rankingSignal, receivedView, recommendSignal, reviewOpenedSignal, withdrawUpdate,
  type ApplicationInput, type ApplicationView, type ObjectionNotice, type ObjectionState, type RankingOutcome,
} from '../messages/applicationMessages';
import { designationWorkflow } from './designation';
import { applicationWorkflowId, designationWorkflowId } from '../messages/ids';
import { TaskBoard, type TaskSpec } from './humanTasks';
import { ApplicationStatus as StatusAttribute, Category, County, CycleYear } from '../messages/searchAttributes';
import type { Actor } from '../messages/taskMessages';

const acts = proxyActivities<ApplicationActivities & NotificationActivities & Pick<SelectionActivities, 'selectionRegister' | 'categoryReviewOpened'>>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });

export async function categoryApplicationWorkflow(input: ApplicationInput): Promise<ApplicationView> {
  const { applicationId, year, uscc, county, category, config, calendar, holidays } = input;
  const workflowId = applicationWorkflowId(year, uscc);
  const view = receivedView(input);
  const board = new TaskBoard();
  let reviewOpened = false;
  let ranking = null as RankingOutcome | null;
  let confirmation = null as { designatedOn: string; validUntil: string; batch: string } | null;
  let ending = null as { status: ApplicationStatus; reason: string } | null; // withdrawal or the cycle's final word
  const objectionQueue: ObjectionNotice[] = [];
  let establishedOn = ''; // from the registration the gate read (a ranking tie-breaker)
  const ended = () => ending !== null;

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
    if (inNotice) objectionQueue.push(notice);
  });
  setHandler(reviewOpenedSignal, () => void (reviewOpened = true));
  setHandler(rankingSignal, (outcome) => void (ranking = outcome));
  setHandler(confirmedSignal, (c) => void (confirmation = c));
  setHandler(finalizeSignal, async ({ reason }) => {
    if (ended() || FINAL_STATUSES.includes(view.status)) return;
    ending = { status: 'NOT_DESIGNATED', reason };
    await board.cancelOpen(reason);
  });
  setHandler(
    withdrawUpdate,
    async (actor, reason) => {
      ending = { status: 'WITHDRAWN', reason: reason || '经营者撤回申请' };
      await board.cancelOpen('经营者已撤回申请');
      await acts.auditApplication({ applicationId, action: 'APPLICATION_WITHDRAWN', actor, after: { reason } });
      return view;
    },
    {
      validator: (actor: Actor, _reason: string) => {
        if (actor.role !== 'HOUSEHOLD' || actor.uscc !== uscc) {
          throw ApplicationFailure.nonRetryable('只有申报户本人可以撤回申请', APPLICATION_FAILURES.NOT_APPLICANT);
        }
        if (ended() || FINAL_STATUSES.includes(view.status) || ['CONFIRMED', 'INGESTED'].includes(view.status)) {
          throw ApplicationFailure.nonRetryable(`申请当前为「${APPLICATION_STATUSES[view.status]}」，不能撤回`, APPLICATION_FAILURES.CANNOT_WITHDRAW);
        }
      },
    },
  );

  const cycle = getExternalWorkflowHandle(input.cycleWorkflowId);
  /** Tells the cycle; an application whose cycle is gone carries on to its own deadline. */
  async function tellCycle(send: () => Promise<void>, what: string): Promise<void> {
    try {
      await send();
    } catch (error) {
      log.warn('could not signal the cycle', { what, error: String(error) });
    }
  }

  async function setStatus(status: ApplicationStatus, note?: string, patch: Record<string, unknown> = {}): Promise<void> {
    view.status = status;
    const at = new Date().toISOString();
    view.history.push({ status, at, ...(note ? { note } : {}) });
    upsertSearchAttributes([{ key: StatusAttribute, value: status }]);
    await acts.updateApplication({ applicationId, status, at, note: note ?? null, patch });
  }
  const tell = (kind: NotificationKind, outcome: string, extra: { dueAt?: string } = {}) =>
    acts.notify({ kind, eventKey: `${workflowId}:${applicationId}:${kind}:${view.history.length}`, audience: { household: uscc }, context: { taskTitle: `${CATEGORIES[category]}类申请`, uscc, dueAt: extra.dueAt ?? '', outcome } });
  const waitFor = (ready: () => boolean, until?: number) => condition(() => ready() || ended(), until === undefined ? undefined : Math.max(1, until - Date.now()));
  const deadline = Date.parse(calendar.closesAt) + 86_400_000; // nobody is left waiting past the cycle

  async function gatePasses(): Promise<boolean> {
    const decisionDate = shanghaiDate(new Date().toISOString());
    const facts = await acts.applicationFacts({ uscc, year, referenceDate: decisionDate });
    establishedOn = facts.criteria.establishedOn;
    const specialGroups = input.inRelaxedGroup ? config.gate.relaxedGroups.slice(0, 1) : input.specialGroups; // the fact, not the group
    const gate = evaluateGate({ ...facts.gate, recommended: recommendedForCategory(), specialGroups }, decisionDate, config.gate);
    view.gate = gate;
    view.criteria = evaluateCriteria(category, { ...facts.criteria, recommendedFor: recommendedForCategory() ? [category] : [] }, year, decisionDate, config.criteria);
    if (gate.passed) return true;
    const reasons = gate.refusals.map((r) => `${r.code} ${r.reason}`).join('；');
    await setStatus('REJECTED_GATE', reasons, { gate, criteria: view.criteria });
    await tell('APPLICATION_REFUSED', `资格审查未通过：${reasons}`);
    return false;
  }
  const recommendedForCategory = () => view.recommendations.some((r) => r.category === category);

  async function finish(): Promise<ApplicationView> {
    if (ending && !FINAL_STATUSES.includes(view.status)) {
      await setStatus(ending.status, ending.reason);
      await tell(ending.status === 'WITHDRAWN' ? 'APPLICATION_WITHDRAWN' : 'APPLICATION_NOT_DESIGNATED', ending.reason);
    }
    await board.cancelOpen('申请已结束');
    // A cycle with its register in the database only needs to hear of a selected applicant leaving (a freed place).
    if (ending?.status !== 'NOT_DESIGNATED' && view.status !== 'DESIGNATED' && (!registerInDatabase || view.noticeEndsAt !== null)) {
      await tellCycle(() => cycle.signal(applicationLeftSignal, { workflowId, status: view.status }), 'left');
    }
    await condition(allHandlersFinished);
    return view;
  }

  // Received. A cycle that keeps its register in the database reads this application's read model
  // (recordApplication, and the candidate recorded when scored) instead of hearing from it.
  const registerInDatabase = patched('selection-register-in-database') && (await acts.selectionRegister({ year, cycleWorkflowId: input.cycleWorkflowId })) === 'DATABASE';
  await acts.recordApplication({ input });
  await tell('APPLICATION_RECEIVED', `已收到您申报的「${CATEGORIES[category]}」类名特优新申请`);
  if (!registerInDatabase) await tellCycle(() => cycle.signal(applicationRegisteredSignal, { workflowId, uscc, county, category }), 'registered');

  // Gate now (on the latest published typing), and again once review opens (on the Sept 30 results).
  if (!(await gatePasses())) return finish();
  await setStatus('GATE_PASSED', undefined, { gate: view.gate, criteria: view.criteria });
  // Registered after the cycle opened review (it signalled the applications it found then): go on.
  if (registerInDatabase && !reviewOpened && (await acts.categoryReviewOpened({ year }))) reviewOpened = true;
  if (!(await waitFor(() => reviewOpened, deadline)) && !ended()) ending = { status: 'NOT_DESIGNATED', reason: '本年度审核未开启' };
  if (ended()) return finish();
  if (!(await gatePasses())) return finish();

  // County review, then the on-site visit; a visit may be sent back to review.
  const sheet = config.scoreSheet;
  for (let round = 1; ; round++) {
    await setStatus('COUNTY_REVIEW', undefined, { gate: view.gate, criteria: view.criteria });
    const review = await board.run(reviewTask(round));
    if (ended() || review.kind !== 'COMPLETED') return finish();
    const decision = review.payload as ReviewDecision;
    view.criteria = view.criteria!.map((c) => (decision.assessedCriteria.includes(c.code) && c.met !== true ? { ...c, met: true, decidedBy: 'REVIEW' as const, evidence: `县级审核认定：${decision.reason}` } : c));
    if (!decision.approve) {
      await setStatus('REJECTED_REVIEW', decision.reason, { review: decision, criteria: view.criteria });
      await tell('APPLICATION_REFUSED', `县级审核未通过：${decision.reason}`);
      return finish();
    }
    await setStatus('SITE_VISIT', undefined, { review: decision, criteria: view.criteria });
    const visits = [visitTask(round, 1), visitTask(round, 2)];
    const outcomes = await Promise.all(
      visits.map(async (spec) => {
        const outcome = await board.run(spec);
        if (outcome.kind === 'COMPLETED') view.scoresSubmitted += 1;
        if (outcome.kind === 'SENT_BACK') await board.cancelOpen(`另一评分人已退回县级审核：${outcome.reason}`);
        return outcome;
      }),
    );
    if (ended()) return finish();
    const sentBack = outcomes.find((o) => o.kind === 'SENT_BACK');
    if (sentBack) {
      view.scoresSubmitted = 0;
      view.history.push({ status: 'COUNTY_REVIEW', at: sentBack.at, note: `退回县级审核：${sentBack.reason}` });
      continue;
    }
    const scores = outcomes.map((o) => ({ ...(o.kind === 'COMPLETED' ? (o.payload as VisitScore) : { sections: {}, veto: true, noConflictDeclared: true }), assessorId: o.kind === 'COMPLETED' ? o.actor.id : '' }));
    view.score = combineScores(sheet, scores);
    break;
  }
  const candidate = { uscc, score: view.score.total, passedPassLine: view.score.passed, autoVerifiedCriteria: autoVerifiedCount(view.criteria!), establishedOn, appliedAt: input.submittedAt };
  await setStatus('SCORED', `得分 ${view.score.total}${view.score.passed ? '' : '（未达及格线或有否决项）'}`, { score: view.score.total, scorePassed: view.score.passed, candidate });
  if (!registerInDatabase) await tellCycle(() => cycle.signal(applicationScoredSignal, { workflowId, candidate }), 'scored');

  // Ranked by the cycle; a candidate not selected may still be promoted into a freed slot.
  for (;;) {
    if (!(await waitFor(() => ranking !== null, deadline)) && !ended()) ending = { status: 'NOT_DESIGNATED', reason: '本年度未进行排名' };
    if (ended()) return finish();
    const outcome = ranking!;
    ranking = null;
    view.rank = outcome.rank;
    view.explanation = outcome.explanation;
    if (outcome.selected) {
      view.noticeEndsAt = outcome.noticeEndsAt;
      break;
    }
    if (view.status !== 'NOT_SELECTED') {
      await setStatus('NOT_SELECTED', outcome.explanation, { rank: outcome.rank, selected: false, explanation: outcome.explanation });
      await tell('APPLICATION_NOT_SELECTED', `${outcome.explanation}。如有名额递补，将另行通知`);
    }
  }
  await setStatus('SHORTLISTED', view.explanation!, { rank: view.rank, selected: true, explanation: view.explanation });
  await tell('APPLICATION_SHORTLISTED', view.explanation!);
  await setStatus('IN_PUBLICITY', undefined, { noticeEndsAt: view.noticeEndsAt });
  await tell('APPLICATION_IN_NOTICE', '您已进入公示名单', { dueAt: view.noticeEndsAt! });

  // Public notice: an upheld objection removes the applicant. Since objection batches, every pending
  // objection is decided in one acceptance task (objections received while it is open join it), then
  // the accepted ones in one verification task, so a flood cannot push the application past its notice.
  const noticeEnds = Date.parse(view.noticeEndsAt!);
  if (patched('objection-batches')) {
    const outcome = await handleObjectionBatches(noticeEnds);
    if (outcome !== 'CLEARED') return finish();
  } else for (;;) {
    await waitFor(() => objectionQueue.length > 0, noticeEnds);
    if (ended()) return finish();
    const notice = objectionQueue.shift();
    if (!notice) break;
    const verdict = await handleObjection(notice);
    if (ended()) return finish();
    if (verdict === 'UPHELD') return finish();
    if (objectionQueue.length === 0) await setStatus(Date.now() < noticeEnds ? 'IN_PUBLICITY' : 'AWAITING_CONFIRMATION');
  }
  if (view.status !== 'AWAITING_CONFIRMATION') await setStatus('AWAITING_CONFIRMATION');
  if (!registerInDatabase) await tellCycle(() => cycle.signal(publicityClearedSignal, { workflowId }), 'cleared');

  // The city confirms the list; the household is ingested into the directory and designated.
  if (!(await waitFor(() => confirmation !== null, deadline)) && !ended()) ending = { status: 'NOT_DESIGNATED', reason: '未在截止前确认' };
  if (ended()) return finish();
  const designation = confirmation!;
  await setStatus('CONFIRMED');
  const recommender = view.recommendations.find((r) => r.category === category)?.department ?? null;
  await acts.ingestDesignation({ applicationId, uscc, year, category, channel: input.channel, recommenderDept: recommender, ...designation });
  view.designation = designation;
  await setStatus('INGESTED');
  await setStatus('DESIGNATED', `有效期至 ${designation.validUntil}`);
  // The designation lives on after the application: evaluation in its final year, extension or expiry.
  await startChild(designationWorkflow, {
    workflowId: designationWorkflowId(uscc, year),
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [{ uscc, year, category, designatedOn: designation.designatedOn, validUntil: designation.validUntil, years: config.designationYears, reminderLeadMs: config.reminderLeadMs }],
  });
  await tell('APPLICATION_DESIGNATED', `您已被认定为${CATEGORIES[category]}类名特优新个体工商户，有效期至 ${designation.validUntil}`);
  return finish();

  /** Objections until the notice ends, in batches: one acceptance task, then one verification task. */
  async function handleObjectionBatches(noticeEnds: number): Promise<'CLEARED' | 'UPHELD' | 'ENDED'> {
    for (let round = 1; ; round++) {
      await waitFor(() => objectionQueue.length > 0, noticeEnds);
      if (ended()) return 'ENDED';
      if (!objectionQueue.length) return 'CLEARED';
      await setStatus('OBJECTION_RAISED', `公示期收到实名异议 ${objectionQueue.length} 件`);

      // Acceptance: every pending objection, and those received while the task is open.
      const listed = objectionQueue.splice(0);
      const taskId = `task-app-${applicationId}-objections-${round}-accept`;
      const items = listed.map((n) => n.objectionId);
      let settled = false;
      const joining = (async () => {
        while (!settled) {
          await condition(() => settled || objectionQueue.length > 0);
          const joined = objectionQueue.splice(0);
          if (!joined.length) continue;
          listed.push(...joined);
          await board.addItems(taskId, joined.map((n) => n.objectionId));
        }
      })();
      const earliest = (notices: ObjectionNotice[]) => notices.reduce((a, n) => (n.receivedAt < a ? n.receivedAt : a), notices[0]!.receivedAt);
      const acceptance = await board.run({
        ...countyTask(`objections-${round}-accept`, 'OBJECTION_BATCH_ACCEPTANCE', `公示异议受理：${uscc}`, addWorkingDays(earliest(listed), config.objectionAcceptanceWorkingDays, holidays)),
        items,
        validate: (_a, p) => payloadProblem(TASK_PAYLOADS.OBJECTION_BATCH_ACCEPTANCE, p)
          ?? batchCoverageProblem(items, (p as ObjectionBatchAcceptance).decisions.map((d) => d.objectionId)),
      });
      settled = true;
      await joining;
      if (acceptance.kind !== 'COMPLETED') return 'ENDED';
      // Received after the last join but before completion: they wait for the next round.
      const decisions = (acceptance.payload as ObjectionBatchAcceptance).decisions;
      const decidedIds = new Set(decisions.map((d) => d.objectionId));
      objectionQueue.unshift(...listed.filter((n) => !decidedIds.has(n.objectionId)));
      for (const d of decisions) Object.assign(objectionOf(d.objectionId), d.accept ? { status: 'ACCEPTED' } : { status: 'NOT_ACCEPTED', reason: d.reason });
      const refused = decisions.filter((d) => !d.accept);
      if (refused.length) {
        await acts.recordObjectionDecisions({
          decisions: refused.map(({ objectionId, accept, reason }) => ({ objectionId, status: 'NOT_ACCEPTED', decision: { accept, reason } })), actor: acceptance.actor, at: acceptance.at,
        });
      }
      const accepted = listed.filter((n) => decisions.some((d) => d.objectionId === n.objectionId && d.accept));
      if (accepted.length) {
        // Verification: the accepted objections of the batch, in one task.
        const verifyIds = accepted.map((n) => n.objectionId);
        const verifyBy = Math.min(addWorkingDays(earliest(accepted), config.objectionVerificationWorkingDays, holidays).getTime(), Date.parse(calendar.reviewEndsAt));
        const verification = await board.run({
          ...countyTask(`objections-${round}-verify`, 'OBJECTION_BATCH_VERIFICATION', `公示异议核查：${uscc}`, new Date(Math.max(verifyBy, Date.now() + 86_400_000))),
          items: verifyIds,
          validate: (_a, p) => payloadProblem(TASK_PAYLOADS.OBJECTION_BATCH_VERIFICATION, p)
            ?? batchCoverageProblem(verifyIds, (p as ObjectionBatchVerdict).verdicts.map((v) => v.objectionId)),
        });
        if (verification.kind !== 'COMPLETED') return 'ENDED';
        const { verdicts } = verification.payload as ObjectionBatchVerdict;
        for (const v of verdicts) Object.assign(objectionOf(v.objectionId), { status: v.upheld ? 'UPHELD' : 'DISMISSED', reason: v.reason });
        await acts.recordObjectionDecisions({
          decisions: verdicts.map(({ objectionId, upheld, findings, reason }) => ({ objectionId, status: upheld ? 'UPHELD' : 'DISMISSED', decision: { upheld, findings, reason } })),
          actor: verification.actor, at: verification.at,
        });
        const upheld = verdicts.filter((v) => v.upheld);
        await tell('OBJECTION_OUTCOME', upheld.length
          ? `公示期异议经核查成立：${upheld.map((v) => v.reason).join('；')}。您的入选资格被取消`
          : `公示期异议（${verdicts.length} 件）经核查不成立：${verdicts[0]!.reason}`);
        if (upheld.length) {
          await setStatus('OBJECTION_UPHELD', upheld[0]!.reason, { selected: false });
          return 'UPHELD';
        }
      }
      if (ended()) return 'ENDED';
      if (objectionQueue.length === 0) await setStatus(Date.now() < noticeEnds ? 'IN_PUBLICITY' : 'AWAITING_CONFIRMATION');
    }
  }

  function objectionOf(objectionId: string): ObjectionState {
    return view.objections.find((o) => o.objectionId === objectionId)!;
  }

  async function handleObjection(notice: ObjectionNotice): Promise<'UPHELD' | 'DISMISSED' | 'ENDED'> {
    const state = view.objections.find((o) => o.objectionId === notice.objectionId)!;
    await setStatus('OBJECTION_RAISED', '公示期收到实名异议');
    const acceptance = await board.run({
      ...countyTask(`objection-${notice.objectionId}-accept`, 'OBJECTION_ACCEPTANCE', `公示异议受理：${uscc}`, addWorkingDays(notice.receivedAt, config.objectionAcceptanceWorkingDays, holidays)),
      validate: (_a, p) => payloadProblem(TASK_PAYLOADS.OBJECTION_ACCEPTANCE, p),
    });
    if (acceptance.kind !== 'COMPLETED') return 'ENDED';
    const accepted = acceptance.payload as { accept: boolean; reason: string };
    if (!accepted.accept) {
      Object.assign(state, { status: 'NOT_ACCEPTED', reason: accepted.reason });
      await acts.recordObjectionDecision({ objectionId: notice.objectionId, status: 'NOT_ACCEPTED', decision: accepted, actor: acceptance.actor, at: acceptance.at });
      return 'DISMISSED';
    }
    state.status = 'ACCEPTED';
    const verifyBy = Math.min(addWorkingDays(notice.receivedAt, config.objectionVerificationWorkingDays, holidays).getTime(), Date.parse(calendar.reviewEndsAt));
    const verification = await board.run({
      ...countyTask(`objection-${notice.objectionId}-verify`, 'OBJECTION_VERIFICATION', `公示异议核查：${uscc}`, new Date(Math.max(verifyBy, Date.now() + 86_400_000))),
      validate: (_a, p) => payloadProblem(TASK_PAYLOADS.OBJECTION_VERIFICATION, p),
    });
    if (verification.kind !== 'COMPLETED') return 'ENDED';
    const verdict = verification.payload as { upheld: boolean; findings: string; reason: string };
    Object.assign(state, { status: verdict.upheld ? 'UPHELD' : 'DISMISSED', reason: verdict.reason });
    await acts.recordObjectionDecision({ objectionId: notice.objectionId, status: state.status, decision: verdict, actor: verification.actor, at: verification.at });
    await tell('OBJECTION_OUTCOME', verdict.upheld ? `公示期异议经核查成立：${verdict.reason}。您的入选资格被取消` : `公示期异议经核查不成立：${verdict.reason}`);
    if (!verdict.upheld) return 'DISMISSED';
    await setStatus('OBJECTION_UPHELD', verdict.reason, { selected: false });
    return 'UPHELD';
  }

  function countyTask(suffix: string, kind: string, title: string, dueAt: Date): Omit<TaskSpec, 'validate'> {
    return { taskId: `task-app-${applicationId}-${suffix}`, kind, title, role: 'COUNTY_AMR', county, dueAt: dueAt.toISOString(), year, uscc, reminderLeadMs: config.reminderLeadMs };
  }

  function reviewTask(round: number): TaskSpec {
    const judgeable = new Set(criteriaOf(category).filter((c) => c.mode === 'ASSESS').map((c) => c.code));
    for (const c of view.criteria ?? []) if (c.met === null) judgeable.add(c.code);
    return {
      ...countyTask(`review-${round}`, 'APPLICATION_REVIEW', `名特优新县级审核：${uscc}（${CATEGORIES[category]}）`, addWorkingDays(new Date().toISOString(), config.reviewWorkingDays, holidays)),
      validate: (_actor, payload) => {
        const problem = payloadProblem(TASK_PAYLOADS.APPLICATION_REVIEW, payload);
        if (problem) return problem;
        const d = payload as ReviewDecision;
        const unknown = (d.assessedCriteria ?? []).filter((c) => !judgeable.has(c));
        if (unknown.length) return `这些条件不需要或不能由审核认定：${unknown.join('、')}`;
        const met = (view.criteria ?? []).some((c) => c.met === true) || (d.assessedCriteria ?? []).length > 0;
        if (d.approve && !met) return '通过审核须至少满足所申报类别的一项条件';
        return null;
      },
    };
  }

  function visitTask(round: number, seat: 1 | 2): TaskSpec {
    const other = `task-app-${applicationId}-visit-${round}-${seat === 1 ? 2 : 1}`;
    return {
      taskId: `task-app-${applicationId}-visit-${round}-${seat}`, kind: 'SITE_VISIT_SCORE', title: `名特优新实地走访评分（评分人${seat}）：${uscc}`,
      role: 'GRASSROOTS_STAFF', alsoRoles: ['COUNTY_AMR'], county, year, uscc, reminderLeadMs: config.reminderLeadMs,
      dueAt: addWorkingDays(new Date().toISOString(), config.visitWorkingDays, holidays).toISOString(),
      canSendBack: true,
      ineligible: (actor) => (board.assignee(other) === actor.id || board.completedBy(other) === actor.id ? '两名评分人须为不同人员，您已是另一评分人' : null),
      validate: (actor, payload) => {
        const problem = payloadProblem(TASK_PAYLOADS.SITE_VISIT_SCORE, payload);
        if (problem) return problem;
        const problems = scoreProblems(sheet, { ...(payload as VisitScore), assessorId: actor.id });
        return problems.length ? problems.join('；') : null;
      },
    };
  }
}
