// application-{year}-{uscc}: one household's 名特优新 application through the states of docs/policy.md#p-cat-states
// — gate (pool and negative list) → county review → on-site visit by two assessors → scored →
// ranked by the cycle within the quota → public notice with real-name objections → city confirmation
// → ingested into the directory and designated for 3 years. Withdrawal is possible until confirmation.
// Each human sub-process is a plain function in its own file under workflows/application/ (one shared
// ApplicationRun: view, task board, signals); staff work happens in tasks (humanTasks.ts), and the
// household is notified at each outcome.
import { patched } from '@temporalio/workflow';
import { autoVerifiedCount } from '../domain/category/criteria';
import { CATEGORIES } from '../domain/category/categories';
import { acts, ApplicationRun } from './application/applicationRun';
import { confirmation } from './application/confirmation';
import { countyReview } from './application/countyReview';
import { gatePasses } from './application/gate';
import { onSiteVisits } from './application/onSiteVisits';
import { publicNoticeObjections } from './application/publicNoticeObjections';
import { awaitSelection } from './application/ranking';
import { applicationRegisteredSignal, applicationScoredSignal, type ApplicationInput, type ApplicationView } from './applicationMessages';

export async function categoryApplicationWorkflow(input: ApplicationInput): Promise<ApplicationView> {
  const { year, uscc, county, category } = input;
  const app = new ApplicationRun(input);
  const { view, workflowId } = app;

  // Received. A cycle that keeps its register in the database reads this application's read model
  // (recordApplication, and the candidate recorded when scored) instead of hearing from it.
  app.registerInDatabase = patched('selection-register-in-database') && (await acts.selectionRegister({ year, cycleWorkflowId: input.cycleWorkflowId })) === 'DATABASE';
  await acts.recordApplication({ input });
  await app.tell('APPLICATION_RECEIVED', `已收到您申报的「${CATEGORIES[category]}」类名特优新申请`);
  if (!app.registerInDatabase) await app.tellCycle(applicationRegisteredSignal, [{ workflowId, uscc, county, category }], 'registered');

  // Gate now (on the latest published typing), and again once review opens (on the Sept 30 results).
  if (!(await gatePasses(app))) return app.finish();
  await app.setStatus('GATE_PASSED', undefined, { gate: view.gate, criteria: view.criteria });
  // Registered after the cycle opened review (it signalled the applications it found then): go on.
  if (app.registerInDatabase && !app.reviewOpened && (await acts.categoryReviewOpened({ year }))) app.reviewOpened = true;
  if (!(await app.waitFor(() => app.reviewOpened, app.deadline)) && !app.ended()) app.ending = { status: 'NOT_DESIGNATED', reason: '本年度审核未开启' };
  if (app.ended()) return app.finish();
  if (!(await gatePasses(app))) return app.finish();

  // County review (application/countyReview.ts), then the on-site visit (application/onSiteVisits.ts);
  // a visit may be sent back to review, which opens the next round.
  for (let round = 1; ; round++) {
    if ((await countyReview(app, round)) !== 'APPROVED') return app.finish();
    const visits = await onSiteVisits(app, round);
    if (visits.kind === 'ENDED') return app.finish();
    if (visits.kind === 'SENT_BACK') continue;
    view.score = visits.score;
    break;
  }
  const candidate = { uscc, score: view.score.total, passedPassLine: view.score.passed, autoVerifiedCriteria: autoVerifiedCount(view.criteria!), establishedOn: app.establishedOn, appliedAt: input.submittedAt };
  await app.setStatus('SCORED', `得分 ${view.score.total}${view.score.passed ? '' : '（未达及格线或有否决项）'}`, { score: view.score.total, scorePassed: view.score.passed, candidate });
  if (!app.registerInDatabase) await app.tellCycle(applicationScoredSignal, [{ workflowId, candidate }], 'scored');

  // Ranked by the cycle (application/ranking.ts); a candidate not selected may still be promoted.
  if (!(await awaitSelection(app))) return app.finish();

  // Public notice and objections (application/publicNoticeObjections.ts).
  if ((await publicNoticeObjections(app)) !== 'CLEARED') return app.finish();

  // The city confirms the list; the household is ingested and designated (application/confirmation.ts).
  await confirmation(app);
  return app.finish();
}
