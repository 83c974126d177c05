// designation-{year}-{uscc}: a 名特优新 designation through its validity (docs/policy.md#p-designation, docs/policy.md#p-designation-evaluation).
// ACTIVE until the final year opens → UNDER_EVALUATION with a task for the city (the designating
// department) → EXTENDED by the same period (and ACTIVE again), or EXPIRED at the end of its last day
// — also when nobody decided in time (the task reminds and escalates first).
import { condition, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ApplicationActivities } from '../activities/applicationActivities';
import { payloadProblem, TASK_PAYLOADS } from '../domain/category/decisions';
import { addYears, evaluationOpensAt, expiresAt, type DesignationStatus } from '../domain/category/designation';
import { TaskBoard, type TaskOutcome } from './humanTasks';
import { designationEvaluationTaskId } from './ids';
import { sleepUntil } from './sleepUntil';

const acts = proxyActivities<ApplicationActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });

export interface DesignationInput {
  uscc: string;
  year: number;
  category: string;
  designatedOn: string;
  validUntil: string;
  /** Years a designation lasts, and an extension adds (§8.7: 3). */
  years: number;
  reminderLeadMs: number;
}

export interface DesignationView {
  status: DesignationStatus;
  validUntil: string;
  evaluations: Array<{ at: string; extend: boolean; reason: string; by: string }>;
}

export const designationViewQuery = defineQuery<DesignationView>('designationView');

export async function designationWorkflow(input: DesignationInput): Promise<DesignationView> {
  const view: DesignationView = { status: 'ACTIVE', validUntil: input.validUntil, evaluations: [] };
  setHandler(designationViewQuery, () => view);
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
        dueAt: new Date(lapse.getTime() - 30 * 86_400_000).toISOString(), reminderLeadMs: input.reminderLeadMs,
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
