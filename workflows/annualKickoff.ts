// Started by the `annual-cycle` Schedule every July 1 00:00 Asia/Shanghai. Schedules append a
// timestamp to the ids of what they start, so this tiny workflow starts the stable `cycle-{year}`,
// abandoned (it outlives the kickoff) and at most once per year — a cycle the API started already wins.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, patched, proxyLocalActivities, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { CalendarActivities } from '../activities/calendarActivities';
import type { CategoryRulesActivities } from '../activities/categoryRulesActivities';
import { categoryConfigWith } from '../domain/category/categoryConfig';
import { defaultCalendar } from '../domain/programmeCalendar';
import { SHANGHAI_OFFSET_MS } from '../domain/shanghaiTime';
import { annualCycleWorkflow } from './annualCycle';
import { cycleWorkflowId } from '../messages/ids';
import { CycleYear, Phase } from '../messages/searchAttributes';

const local = proxyLocalActivities<CalendarActivities & CategoryRulesActivities>({ startToCloseTimeout: '10 seconds' });

export async function annualCycleKickoffWorkflow(): Promise<{ year: number; started: boolean }> {
  const year = new Date(Date.now() + SHANGHAI_OFFSET_MS).getUTCFullYear(); // the programme year on the Shanghai calendar
  const calendar = defaultCalendar(year);
  // The State Council's holidays become the cycle's input (kickoffs before this passed none).
  const holidays = patched('official-holiday-schedule') ? await local.officialHolidaySchedule({ calendar }) : undefined;
  // So do the ACTIVE 名特优新 rules (kickoffs before this passed none: the cycle used the built-in defaults).
  const rules = patched('category-rules-from-active-version') ? await local.activeCategoryRules() : undefined;
  const category = rules ? categoryConfigWith({}, rules) : undefined;
  try {
    await startChild(annualCycleWorkflow, {
      workflowId: cycleWorkflowId(year),
      args: [{ year, calendar, ...(holidays ? { holidays } : {}), ...(category ? { category } : {}) }],
      ...(rules ? { memo: { categoryRules: rules.ref.id } } : {}),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: CycleYear, value: year },
        { key: Phase, value: 'PLANNED' },
      ],
    });
    return { year, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { year, started: false };
    throw error;
  }
}
