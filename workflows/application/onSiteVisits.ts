// On-site visit (docs/policy.md#p-cat-states): two different assessors (grassroots staff or the county
// AMR) score the business on the score sheet, in parallel; either may send it back to county review,
// which closes the other's task. Two completed scores are combined into the application's score.
import { payloadProblem, TASK_PAYLOADS, type VisitScore } from '../../domain/category/decisions';
import { combineScores, scoreProblems } from '../../domain/category/scoreSheet';
import { addWorkingDays } from '../../domain/workingDays';
import type { TaskSpec } from '../humanTasks';
import { siteVisitTaskId } from '../ids';
import type { ApplicationRun } from './applicationRun';

export type VisitsOutcome = { kind: 'SCORED'; score: ReturnType<typeof combineScores> } | { kind: 'SENT_BACK' } | { kind: 'ENDED' };

/** The visits of one round: SCORED, SENT_BACK (to county review: the next round) or ENDED. */
export async function onSiteVisits(app: ApplicationRun, round: number): Promise<VisitsOutcome> {
  const { view, board } = app;
  const visits = [visitTask(app, round, 1), visitTask(app, round, 2)];
  const outcomes = await Promise.all(
    visits.map(async (spec) => {
      const outcome = await board.run(spec);
      if (outcome.kind === 'COMPLETED') view.scoresSubmitted += 1;
      if (outcome.kind === 'SENT_BACK') await board.cancelOpen(`另一评分人已退回县级审核：${outcome.reason}`);
      return outcome;
    }),
  );
  if (app.ended()) return { kind: 'ENDED' };
  const sentBack = outcomes.find((o) => o.kind === 'SENT_BACK');
  if (sentBack) {
    view.scoresSubmitted = 0;
    view.history.push({ status: 'COUNTY_REVIEW', at: sentBack.at, note: `退回县级审核：${sentBack.reason}` });
    return { kind: 'SENT_BACK' };
  }
  const scores = outcomes.map((o) => ({ ...(o.kind === 'COMPLETED' ? (o.payload as VisitScore) : { sections: {}, veto: true, noConflictDeclared: true }), assessorId: o.kind === 'COMPLETED' ? o.actor.id : '' }));
  return { kind: 'SCORED', score: combineScores(app.input.config.scoreSheet, scores) };
}

function visitTask(app: ApplicationRun, round: number, seat: 1 | 2): TaskSpec {
  const { applicationId, uscc, county, year, config, holidays } = app.input;
  const other = siteVisitTaskId(applicationId, round, seat === 1 ? 2 : 1);
  return {
    taskId: siteVisitTaskId(applicationId, round, seat), kind: 'SITE_VISIT_SCORE', title: `名特优新实地走访评分（评分人${seat}）：${uscc}`,
    role: 'GRASSROOTS_STAFF', alsoRoles: ['COUNTY_AMR'], county, year, uscc, reminderLeadMs: config.reminderLeadMs,
    dueAt: addWorkingDays(new Date().toISOString(), config.visitWorkingDays, holidays).toISOString(),
    canSendBack: true,
    ineligible: (actor) => (app.board.assignee(other) === actor.id || app.board.completedBy(other) === actor.id ? '两名评分人须为不同人员，您已是另一评分人' : null),
    validate: (actor, payload) => {
      const problem = payloadProblem(TASK_PAYLOADS.SITE_VISIT_SCORE, payload);
      if (problem) return problem;
      const problems = scoreProblems(config.scoreSheet, { ...(payload as VisitScore), assessorId: actor.id });
      return problems.length ? problems.join('；') : null;
    },
  };
}
