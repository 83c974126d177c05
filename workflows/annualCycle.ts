// cycle-{year}: the programme year from July 1 to November 30 (docs/policy.md#p-cal-milestones, docs/policy.md#p-cal-phases), on the per-cycle
// calendar passed in as input. July 1: the annual typing run (a child workflow), labels published and
// the directory export submitted; rechecks through Q3; Sept 30: the re-run with the corrections;
// October–November: the category phases; Nov 30: the year's statistics. Each phase change is upserted
// to the `Phase` search attribute (visible in the Web UI), recorded in the read model and audited.
import {
  allHandlersFinished, condition, executeChild, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { BaseListActivities } from '../activities/baseListActivities';
import type { CycleActivities } from '../activities/cycleActivities';
import type { CyclePhase } from '../domain/programmeCalendar';
import { typingReferenceDate } from '../domain/typing/referenceDate';
import { cycleStateQuery, type AnnualCycleInput, type CycleState } from '../messages/cycleMessages';
import { typingRunId } from '../messages/ids';
import { CycleYear, Phase } from '../messages/searchAttributes';
import { sleepUntil } from './sleepUntil';
import { typingRunWorkflow } from './typingRun';
import { CategorySelection } from './categorySelection';
import { SelectionRegister } from './selectionRegister';
import { DEFAULT_CATEGORY_CONFIG } from '../domain/category/categoryConfig';
import { NO_HOLIDAYS } from '../domain/workingDays';
import { shanghaiDate } from '../domain/shanghaiTime';

const acts = proxyActivities<CycleActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const baseList = proxyActivities<BaseListActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function annualCycleWorkflow(input: AnnualCycleInput): Promise<CycleState> {
  const { year, calendar } = input;
  const categoryConfig = input.category ?? DEFAULT_CATEGORY_CONFIG;
  // Cycles started since keep the 名特优新 register in the database (a bounded history at any number
  // of applications); older ones keep it in workflow state and replay as they ran.
  const registerInDatabase = patched('selection-register-in-database');
  const selection = registerInDatabase
    ? new SelectionRegister(year, calendar, categoryConfig, input.holidays ?? NO_HOLIDAYS)
    : new CategorySelection(year, calendar, categoryConfig, input.holidays ?? NO_HOLIDAYS);
  const state: CycleState = { year, calendar, phase: 'PLANNED', history: [], runs: [], statistics: null, selection: selection.summary(), holidays: input.holidays ?? null, intake: [], categoryRules: categoryConfig.rules ?? null };
  setHandler(cycleStateQuery, () => ({ ...state, selection: selection.summary() }));

  async function enterPhase(phase: CyclePhase): Promise<void> {
    const at = new Date().toISOString();
    state.phase = phase;
    state.history.push({ phase, at });
    upsertSearchAttributes([{ key: Phase, value: phase }]);
    await acts.recordCyclePhase({ year, workflowId: workflowInfo().workflowId, phase, at, calendar, categoryConfig, holidays: input.holidays, ...(registerInDatabase ? { selectionRegister: 'DATABASE' as const } : {}) });
  }

  async function typeEveryBusiness(kind: 'ANNUAL' | 'RERUN', rulesetId: string): Promise<void> {
    const runId = typingRunId(year, kind);
    const summary = await executeChild(typingRunWorkflow, {
      workflowId: runId,
      typedSearchAttributes: [
        { key: CycleYear, value: year },
        { key: Phase, value: kind === 'ANNUAL' ? 'TYPING' : 'RERUN' },
      ],
      args: [{ runId, year, kind, rulesetId, referenceDate: typingReferenceDate(year), ...input.typing }],
    });
    await acts.publishLabels({ year, runId });
    const submission = await acts.submitDirectory({ year, runId });
    state.runs.push({ runId, total: summary.total, counts: summary.counts, exportedRows: submission.rows, at: new Date().toISOString() });
  }

  if (Date.now() < Date.parse(calendar.opensAt)) await enterPhase('PLANNED');

  await sleepUntil(calendar.opensAt, 'opensAt');
  await enterPhase('TYPING');
  const rulesetId = await acts.activeTypingRuleset();
  await typeEveryBusiness('ANNUAL', rulesetId);

  // Labels are out: households may ask for a recheck until the re-run.
  await enterPhase('RECHECK_WINDOW');

  await sleepUntil(calendar.rerunAt, 'rerunAt');
  await enterPhase('RERUN');
  await typeEveryBusiness('RERUN', rulesetId);
  // The base list from IP and honour data, one invitation each (docs/policy.md#p-base-list). Cycles that
  // passed the re-run before it existed replay without it.
  if (patched('base-list')) {
    await baseList.buildBaseList({ year, runId: typingRunId(year, 'RERUN'), referenceDate: shanghaiDate(new Date()) });
    await baseList.inviteBaseList({ year, declarationClosesAt: calendar.declarationClosesAt });
  }

  // 名特优新: declarations close; county review and visits; ranking within the quota and public
  // notice; the city confirms; the confirmed are ingested by Nov 30.
  await sleepUntil(calendar.declarationClosesAt, 'declarationClosesAt');
  await enterPhase('CATEGORY_REVIEW');
  // Cycles started before the selection existed carry on without it (replay of their histories).
  const selects = patched('category-selection');
  if (selects) {
    await selection.openReview();
    await sleepUntil(calendar.rankingAt, 'rankingAt');
    await selection.rank(state.runs.at(-1)?.counts ?? null);
  }
  // Since four-eyes confirmation, the city confirms in October, as soon as the notices have ended
  // (docs/policy.md#p-confirm-four-eyes), and the confirmed labels are reported for intake in November; before, the
  // one-signature confirmation opened on Nov 1.
  const inOctober = selects && selection instanceof SelectionRegister && patched('four-eyes-confirmation-in-october');
  const confirming = inOctober ? Promise.race([(selection as SelectionRegister).confirmWithFourEyes(), sleepUntil(calendar.closesAt, 'closesAt')]) : null;
  await sleepUntil(calendar.reviewEndsAt, 'reviewEndsAt');
  await enterPhase('INGESTION');
  if (confirming) {
    await confirming;
    state.intake.push(await acts.reportCategoryIntake({ year }));
  } else if (selects) await Promise.race([selection.confirm(), sleepUntil(calendar.closesAt, 'closesAt')]);
  await sleepUntil(calendar.closesAt, 'closesAt');
  if (selects) await selection.finalize();
  // Labels confirmed late (in November) go up at the close; the report's key (uscc, year, label_kind) never carries one twice.
  if (inOctober) state.intake.push(await acts.reportCategoryIntake({ year }));
  state.statistics = await acts.closeCycleStatistics({ year });
  await enterPhase('CLOSED');

  await condition(allHandlersFinished);
  return { ...state, selection: selection.summary() };
}
