// Ranking (docs/policy.md#p-cat-states): the cycle ranks the scored applications within the quota and
// signals each its outcome; one not selected may still be promoted into a freed place. No people here.
import { patched } from '@temporalio/workflow';
import type { ApplicationRun } from './applicationRun';
import { courtListRecheckPasses } from './gate';

/** Waits until the cycle selects the application (SHORTLISTED, told); false when it ended first. */
export async function awaitSelection(app: ApplicationRun): Promise<boolean> {
  const { view } = app;
  for (;;) {
    if (!(await app.waitFor(() => app.ranking !== null, app.deadline)) && !app.ended()) app.ending = { status: 'NOT_DESIGNATED', reason: '本年度未进行排名' };
    if (app.ended()) return false;
    const outcome = app.ranking!;
    app.ranking = null;
    view.rank = outcome.rank;
    view.explanation = outcome.explanation;
    if (outcome.selected) {
      view.noticeEndsAt = outcome.noticeEndsAt;
      break;
    }
    if (view.status !== 'NOT_SELECTED') {
      await app.setStatus('NOT_SELECTED', outcome.explanation, { rank: outcome.rank, selected: false, explanation: outcome.explanation });
      await app.tell('APPLICATION_NOT_SELECTED', `${outcome.explanation}。如有名额递补，将另行通知`);
    }
  }
  // Since the N2 re-check: the operator is checked against the court's list again before the notice starts.
  if (patched('n2-recheck-before-notice') && !(await courtListRecheckPasses(app, 'BEFORE_NOTICE'))) return false;
  await app.setStatus('SHORTLISTED', view.explanation!, { rank: view.rank, selected: true, explanation: view.explanation });
  await app.tell('APPLICATION_SHORTLISTED', view.explanation!);
  return true;
}
