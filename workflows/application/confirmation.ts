// Confirmation and designation (docs/policy.md#p-cat-states, docs/policy.md#p-designation): the city confirms the
// year's list (the CITY_CONFIRMATION task of the cycle, workflows/categorySelection.ts) and signals each
// confirmed application; the household is ingested into the directory and designated, and the
// designation lives on in its own workflow (evaluation in its final year, extension or expiry).
import { ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import { CATEGORIES } from '../../domain/category/categories';
import { designationWorkflow } from '../designation';
import { designationWorkflowId } from '../../messages/ids';
import { acts, type ApplicationRun } from './applicationRun';
import { courtListRecheckPasses } from './gate';

/** Waits for the city's confirmation, then designates: DESIGNATED, or ENDED (withdrawn, not confirmed in time). */
export async function confirmation(app: ApplicationRun): Promise<'DESIGNATED' | 'ENDED'> {
  const { input, view } = app;
  const { applicationId, uscc, year, category, config } = input;
  if (!(await app.waitFor(() => app.confirmation !== null, app.deadline)) && !app.ended()) app.ending = { status: 'NOT_DESIGNATED', reason: '未在截止前确认' };
  if (app.ended()) return 'ENDED';
  const designation = app.confirmation!;
  // Since the N2 re-check: the operator is checked against the court's list again before intake.
  if (patched('n2-recheck-before-intake') && !(await courtListRecheckPasses(app, 'BEFORE_INTAKE'))) return 'ENDED';
  await app.setStatus('CONFIRMED');
  const recommender = view.recommendations.find((r) => r.category === category)?.department ?? null;
  await acts.ingestDesignation({ applicationId, uscc, year, category, channel: input.channel, recommenderDept: recommender, ...designation });
  view.designation = designation;
  await app.setStatus('INGESTED');
  await app.setStatus('DESIGNATED', `有效期至 ${designation.validUntil}`);
  await startChild(designationWorkflow, {
    workflowId: designationWorkflowId(uscc, year),
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [{ uscc, year, category, designatedOn: designation.designatedOn, validUntil: designation.validUntil, years: config.designationYears, reminderLeadMs: config.reminderLeadMs }],
  });
  await app.tell('APPLICATION_DESIGNATED', `您已被认定为${CATEGORIES[category]}类名特优新个体工商户，有效期至 ${designation.validUntil}`);
  return 'DESIGNATED';
}
