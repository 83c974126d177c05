// cycle-{year}: the programme year from July 1 to November 30 (domain.md §9, §10.1), driven by the
// per-cycle calendar passed in as input. Each phase change is upserted to the `Phase` search attribute
// (visible in the Web UI), recorded in the read model and audited by an activity.
import { condition, allHandlersFinished, proxyActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { CalendarMilestone, CyclePhase } from '../domain/programmeCalendar';
import type { CycleActivities } from '../activities/cycleActivities';
import { cycleStateQuery, type AnnualCycleInput, type CycleState } from './cycleMessages';
import { Phase } from './searchAttributes';

const { recordCyclePhase } = proxyActivities<CycleActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Which milestone opens which phase, in order. */
const PHASE_STARTS: ReadonlyArray<[CyclePhase, CalendarMilestone]> = [
  ['TYPING', 'opensAt'],
  ['RECHECK_WINDOW', 'typingDueAt'],
  ['RERUN', 'rerunAt'],
  ['CATEGORY_REVIEW', 'declarationClosesAt'],
  ['INGESTION', 'reviewEndsAt'],
  ['CLOSED', 'closesAt'],
];

export async function annualCycleWorkflow(input: AnnualCycleInput): Promise<CycleState> {
  const state: CycleState = { year: input.year, calendar: input.calendar, phase: 'PLANNED', history: [] };
  setHandler(cycleStateQuery, () => state);

  async function enterPhase(phase: CyclePhase): Promise<void> {
    const at = new Date().toISOString();
    state.phase = phase;
    state.history.push({ phase, at });
    upsertSearchAttributes([{ key: Phase, value: phase }]);
    await recordCyclePhase({ year: input.year, workflowId: workflowInfo().workflowId, phase, at, calendar: input.calendar });
  }

  if (Date.now() < Date.parse(input.calendar.opensAt)) await enterPhase('PLANNED');
  for (const [phase, milestone] of PHASE_STARTS) {
    await sleepUntil(input.calendar[milestone], milestone);
    await enterPhase(phase);
  }

  await condition(allHandlersFinished);
  return state;
}

async function sleepUntil(instant: string, summary: string): Promise<void> {
  const wait = Date.parse(instant) - Date.now();
  if (wait > 0) await sleep(wait, { summary });
}
