// Public notice and objections (docs/policy.md#p-cat-states): the selected applicant is on public notice;
// real-name objections received in the notice are accepted or not by the county AMR, and the accepted
// ones verified; an upheld objection removes the applicant. Since objection batches every pending
// objection is decided in one acceptance task (objections received while it is open join it), then the
// accepted ones in one verification task, so a flood cannot push the application past its notice.
import { condition, patched } from '@temporalio/workflow';
import {
  batchCoverageProblem, payloadProblem, TASK_PAYLOADS, type ObjectionBatchAcceptance, type ObjectionBatchVerdict,
} from '../../domain/category/decisions';
import { addWorkingDays } from '../../domain/workingDays';
import { publicityClearedSignal, type ObjectionNotice, type ObjectionState } from '../applicationMessages';
import { objectionBatchTaskId, objectionTaskId } from '../ids';
import { acts, type ApplicationRun } from './applicationRun';

/** The notice from its start to its end: CLEARED (AWAITING_CONFIRMATION, the cycle told), or ENDED (upheld, withdrawn, cycle over). */
export async function publicNoticeObjections(app: ApplicationRun): Promise<'CLEARED' | 'ENDED'> {
  const { view } = app;
  await app.setStatus('IN_PUBLICITY', undefined, { noticeEndsAt: view.noticeEndsAt });
  await app.tell('APPLICATION_IN_NOTICE', '您已进入公示名单', { dueAt: view.noticeEndsAt! });

  const noticeEnds = Date.parse(view.noticeEndsAt!);
  if (patched('objection-batches')) {
    const outcome = await objectionBatches(app, noticeEnds);
    if (outcome !== 'CLEARED') return 'ENDED';
  } else for (;;) {
    await app.waitFor(() => app.objectionQueue.length > 0, noticeEnds);
    if (app.ended()) return 'ENDED';
    const notice = app.objectionQueue.shift();
    if (!notice) break;
    const verdict = await singleObjection(app, notice);
    if (app.ended()) return 'ENDED';
    if (verdict === 'UPHELD') return 'ENDED';
    if (app.objectionQueue.length === 0) await app.setStatus(Date.now() < noticeEnds ? 'IN_PUBLICITY' : 'AWAITING_CONFIRMATION');
  }
  if (view.status !== 'AWAITING_CONFIRMATION') await app.setStatus('AWAITING_CONFIRMATION');
  if (!app.registerInDatabase) await app.tellCycle(publicityClearedSignal, [{ workflowId: app.workflowId }], 'cleared');
  return 'CLEARED';
}

const earliest = (notices: ObjectionNotice[]) => notices.reduce((a, n) => (n.receivedAt < a ? n.receivedAt : a), notices[0]!.receivedAt);

/** Objections until the notice ends, in batches: one acceptance task, then one verification task. */
async function objectionBatches(app: ApplicationRun, noticeEnds: number): Promise<'CLEARED' | 'UPHELD' | 'ENDED'> {
  const { input, board, objectionQueue } = app;
  const { applicationId, uscc, config, holidays, calendar } = input;
  for (let round = 1; ; round++) {
    await app.waitFor(() => objectionQueue.length > 0, noticeEnds);
    if (app.ended()) return 'ENDED';
    if (!objectionQueue.length) return 'CLEARED';
    await app.setStatus('OBJECTION_RAISED', `公示期收到实名异议 ${objectionQueue.length} 件`);

    // Acceptance: every pending objection, and those received while the task is open.
    const listed = objectionQueue.splice(0);
    const taskId = objectionBatchTaskId(applicationId, round, 'accept');
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
    const acceptance = await board.run({
      ...app.countyTask(taskId, 'OBJECTION_BATCH_ACCEPTANCE', `公示异议受理：${uscc}`, addWorkingDays(earliest(listed), config.objectionAcceptanceWorkingDays, holidays)),
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
    for (const d of decisions) Object.assign(objectionOf(app, d.objectionId), d.accept ? { status: 'ACCEPTED' } : { status: 'NOT_ACCEPTED', reason: d.reason });
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
        ...app.countyTask(objectionBatchTaskId(applicationId, round, 'verify'), 'OBJECTION_BATCH_VERIFICATION', `公示异议核查：${uscc}`, new Date(Math.max(verifyBy, Date.now() + 86_400_000))),
        items: verifyIds,
        validate: (_a, p) => payloadProblem(TASK_PAYLOADS.OBJECTION_BATCH_VERIFICATION, p)
          ?? batchCoverageProblem(verifyIds, (p as ObjectionBatchVerdict).verdicts.map((v) => v.objectionId)),
      });
      if (verification.kind !== 'COMPLETED') return 'ENDED';
      const { verdicts } = verification.payload as ObjectionBatchVerdict;
      for (const v of verdicts) Object.assign(objectionOf(app, v.objectionId), { status: v.upheld ? 'UPHELD' : 'DISMISSED', reason: v.reason });
      await acts.recordObjectionDecisions({
        decisions: verdicts.map(({ objectionId, upheld, findings, reason }) => ({ objectionId, status: upheld ? 'UPHELD' : 'DISMISSED', decision: { upheld, findings, reason } })),
        actor: verification.actor, at: verification.at,
      });
      const upheld = verdicts.filter((v) => v.upheld);
      await app.tell('OBJECTION_OUTCOME', upheld.length
        ? `公示期异议经核查成立：${upheld.map((v) => v.reason).join('；')}。您的入选资格被取消`
        : `公示期异议（${verdicts.length} 件）经核查不成立：${verdicts[0]!.reason}`);
      if (upheld.length) {
        await app.setStatus('OBJECTION_UPHELD', upheld[0]!.reason, { selected: false });
        return 'UPHELD';
      }
    }
    if (app.ended()) return 'ENDED';
    if (objectionQueue.length === 0) await app.setStatus(Date.now() < noticeEnds ? 'IN_PUBLICITY' : 'AWAITING_CONFIRMATION');
  }
}

function objectionOf(app: ApplicationRun, objectionId: string): ObjectionState {
  return app.view.objections.find((o) => o.objectionId === objectionId)!;
}

/** One objection, its own acceptance and verification tasks (applications whose notice began before objection batches). */
async function singleObjection(app: ApplicationRun, notice: ObjectionNotice): Promise<'UPHELD' | 'DISMISSED' | 'ENDED'> {
  const { input, board } = app;
  const { applicationId, uscc, config, holidays, calendar } = input;
  const state = objectionOf(app, notice.objectionId);
  await app.setStatus('OBJECTION_RAISED', '公示期收到实名异议');
  const acceptance = await board.run({
    ...app.countyTask(objectionTaskId(applicationId, notice.objectionId, 'accept'), 'OBJECTION_ACCEPTANCE', `公示异议受理：${uscc}`, addWorkingDays(notice.receivedAt, config.objectionAcceptanceWorkingDays, holidays)),
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
    ...app.countyTask(objectionTaskId(applicationId, notice.objectionId, 'verify'), 'OBJECTION_VERIFICATION', `公示异议核查：${uscc}`, new Date(Math.max(verifyBy, Date.now() + 86_400_000))),
    validate: (_a, p) => payloadProblem(TASK_PAYLOADS.OBJECTION_VERIFICATION, p),
  });
  if (verification.kind !== 'COMPLETED') return 'ENDED';
  const verdict = verification.payload as { upheld: boolean; findings: string; reason: string };
  Object.assign(state, { status: verdict.upheld ? 'UPHELD' : 'DISMISSED', reason: verdict.reason });
  await acts.recordObjectionDecision({ objectionId: notice.objectionId, status: state.status, decision: verdict, actor: verification.actor, at: verification.at });
  await app.tell('OBJECTION_OUTCOME', verdict.upheld ? `公示期异议经核查成立：${verdict.reason}。您的入选资格被取消` : `公示期异议经核查不成立：${verdict.reason}`);
  if (!verdict.upheld) return 'DISMISSED';
  await app.setStatus('OBJECTION_UPHELD', verdict.reason, { selected: false });
  return 'UPHELD';
}
