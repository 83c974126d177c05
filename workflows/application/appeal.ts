// Appeal against a refusal (docs/policy.md#p-appeal): after a gate or county-review refusal the application
// stays open for the appeal window (working days from the refusal mail). The household appeals once, with
// reasons (an Update; a late or second appeal is refused); the city reviews it in an APPEAL_REVIEW task.
// Upheld while the year's ranking is still ahead: the application resumes at the step after the one that
// refused it. Upheld too late, dismissed, or no appeal: the refusal stands and the application ends.
import { ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import { DEFAULT_APPEAL_CONFIG, RESUMES_AT, resumptionProblem } from '../../domain/category/appeal';
import { payloadProblem, TASK_PAYLOADS } from '../../domain/category/decisions';
import { shanghaiDateTime } from '../../domain/shanghaiTime';
import { addWorkingDays } from '../../domain/workingDays';
import { appealUpdate, APPLICATION_FAILURES, type AppealView } from '../../messages/applicationMessages';
import { appealReviewTaskId } from '../../messages/ids';
import { acts, type ApplicationRun } from './applicationRun';

/** The appeal desk of one application: the Update handler, installed when the workflow starts. */
export class AppealDesk {
  private appeal: AppealView | null = null;

  constructor(private readonly app: ApplicationRun) {
    const { uscc, applicationId } = app.input;
    setHandler(
      appealUpdate,
      async (actor, reasons) => {
        const appeal = this.appeal!;
        Object.assign(appeal, { status: 'FILED', reasons, filedAt: new Date().toISOString() });
        await acts.auditApplication({ applicationId, action: 'APPEAL_FILED', actor, after: { refusal: appeal.refusal, reasons } });
        return app.view;
      },
      {
        validator: (actor, reasons) => {
          if (actor.role !== 'HOUSEHOLD' || actor.uscc !== uscc) throw ApplicationFailure.nonRetryable('只有申报户本人可以申诉', APPLICATION_FAILURES.NOT_APPLICANT);
          const appeal = this.appeal;
          if (!appeal) throw ApplicationFailure.nonRetryable('该申请没有可申诉的不予通过决定', APPLICATION_FAILURES.NO_REFUSAL);
          if (appeal.status !== 'OPEN' && appeal.status !== 'LAPSED') throw ApplicationFailure.nonRetryable('已就该决定提出申诉，不能重复申诉', APPLICATION_FAILURES.ALREADY_APPEALED);
          if (appeal.status === 'LAPSED' || Date.now() > Date.parse(appeal.dueAt)) {
            throw ApplicationFailure.nonRetryable(`申诉期限已于 ${shanghaiDateTime(appeal.dueAt).replace('T', ' ')}（北京时间）届满，不再受理`, APPLICATION_FAILURES.APPEAL_LATE);
          }
          if (typeof reasons !== 'string' || !reasons.trim()) throw ApplicationFailure.nonRetryable('申诉须说明理由', APPLICATION_FAILURES.NO_REFUSAL);
        },
      },
    );
  }

  /**
   * After a refusal (its status already recorded and mailed): waits for an appeal until the window closes,
   * has the city review it, and answers whether the application resumes. Applications refused before
   * appeals existed end as they did (replay).
   */
  async resumes(refusal: AppealView['refusal']): Promise<boolean> {
    if (!patched('application-appeal')) return false;
    const { app } = this;
    const { view, input } = app;
    const { applicationId, uscc, config, holidays, calendar } = input;
    const appealConfig = config.appeal ?? DEFAULT_APPEAL_CONFIG;
    const refusedAt = new Date().toISOString();
    const appeal: AppealView = { refusal, refusedAt, dueAt: addWorkingDays(refusedAt, appealConfig.appealWorkingDays, holidays).toISOString(), status: 'OPEN' };
    this.appeal = appeal;
    view.appeal = appeal;

    await app.waitFor(() => appeal.status === 'FILED', Date.parse(appeal.dueAt));
    if (appeal.status !== 'FILED') {
      appeal.status = app.ended() ? 'CLOSED' : 'LAPSED';
      return false;
    }
    const reviewDue = addWorkingDays(appeal.filedAt!, appealConfig.reviewWorkingDays, holidays);
    await app.setStatus('APPEAL_REVIEW', `经营者提出申诉：${appeal.reasons}`);
    await app.tell('APPEAL_RECEIVED', '申诉已受理', { dueAt: reviewDue.toISOString() });
    const review = await app.board.run({
      taskId: appealReviewTaskId(applicationId), kind: 'APPEAL_REVIEW', title: `名特优新申诉复核：${uscc}（${refusal === 'REJECTED_GATE' ? '资格审查' : '县级审核'}未通过）`,
      role: 'CITY_AMR', county: null, year: input.year, uscc, dueAt: reviewDue.toISOString(), reminderLeadMs: config.reminderLeadMs,
      validate: (_actor, payload) => payloadProblem(TASK_PAYLOADS.APPEAL_REVIEW, payload),
    });
    if (review.kind !== 'COMPLETED') {
      appeal.status = 'CLOSED';
      return false; // the cycle ended meanwhile: finish() records it
    }
    const { upheld, reason } = review.payload as { upheld: boolean; reason: string };
    appeal.decision = { upheld, reason, by: review.actor.id, at: review.at };
    if (!upheld) {
      appeal.status = 'DISMISSED';
      await app.setStatus(refusal, `申诉不成立：${reason}`);
      await app.tell('APPEAL_OUTCOME', `申诉不成立，维持原决定。复核意见：${reason}`);
      return false;
    }
    const tooLate = resumptionProblem(Date.now(), calendar.rankingAt, shanghaiDateTime(calendar.rankingAt).replace('T', ' '));
    if (tooLate) {
      appeal.status = 'UPHELD_TOO_LATE';
      await app.setStatus(refusal, tooLate);
      await app.tell('APPEAL_OUTCOME', `${tooLate}。复核意见：${reason}`);
      return false;
    }
    appeal.status = 'UPHELD_RESUMED';
    await app.setStatus(RESUMES_AT[refusal], `申诉成立，申请恢复：${reason}`);
    await app.tell('APPEAL_OUTCOME', `申诉成立，撤销原不予通过的决定，您的申请已恢复办理。复核意见：${reason}`);
    return true;
  }

  /** Whether an appeal upheld the gate's refusal (the gate is not read again this year). */
  gateOverruled(): boolean {
    return this.appeal?.refusal === 'REJECTED_GATE' && this.appeal.status === 'UPHELD_RESUMED';
  }
}
