// County review (docs/policy.md#p-cat-states): the county AMR reviews the application, may find criteria
// met that only a person can judge, and approves it for the on-site visit or refuses it. One task per
// round; a visit sent back opens the next round.
import { CATEGORIES } from '../../domain/category/categories';
import { criteriaOf } from '../../domain/category/criteria';
import { payloadProblem, TASK_PAYLOADS, type ReviewDecision } from '../../domain/category/decisions';
import { addWorkingDays } from '../../domain/workingDays';
import type { TaskSpec } from '../humanTasks';
import { reviewTaskId } from '../../messages/ids';
import type { ApplicationRun } from './applicationRun';

/** One review round: APPROVED (status SITE_VISIT), REFUSED (recorded and told) or ENDED (withdrawn, cycle over). */
export async function countyReview(app: ApplicationRun, round: number): Promise<'APPROVED' | 'REFUSED' | 'ENDED'> {
  const { view } = app;
  await app.setStatus('COUNTY_REVIEW', undefined, { gate: view.gate, criteria: view.criteria });
  const review = await app.board.run(reviewTask(app, round));
  if (app.ended() || review.kind !== 'COMPLETED') return 'ENDED';
  const decision = review.payload as ReviewDecision;
  view.criteria = view.criteria!.map((c) => (decision.assessedCriteria.includes(c.code) && c.met !== true ? { ...c, met: true, decidedBy: 'REVIEW' as const, evidence: `县级审核认定：${decision.reason}` } : c));
  if (!decision.approve) {
    await app.setStatus('REJECTED_REVIEW', decision.reason, { review: decision, criteria: view.criteria });
    await app.tell('APPLICATION_REFUSED', `县级审核未通过：${decision.reason}`);
    return 'REFUSED';
  }
  await app.setStatus('SITE_VISIT', undefined, { review: decision, criteria: view.criteria });
  return 'APPROVED';
}

function reviewTask(app: ApplicationRun, round: number): TaskSpec {
  const { input, view } = app;
  const { applicationId, uscc, category, config, holidays } = input;
  const judgeable = new Set(criteriaOf(category, config.criteria).filter((c) => c.mode === 'ASSESS').map((c) => c.code));
  for (const c of view.criteria ?? []) if (c.met === null) judgeable.add(c.code);
  return {
    ...app.countyTask(reviewTaskId(applicationId, round), 'APPLICATION_REVIEW', `名特优新县级审核：${uscc}（${CATEGORIES[category]}）`, addWorkingDays(new Date().toISOString(), config.reviewWorkingDays, holidays)),
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
