// reminders: the deployment's one reminder workflow (docs/policy.md#p-credit-repair-reminder,
// docs/policy.md#p-annual-report-reminder). It sleeps until the next day anything is due (at the send
// hour, Asia/Shanghai; at least every `recheckDays`, so data fed meanwhile is picked up), records that
// day's reminders in the outbox as one batch (one activity, audited with the counts), sends them, and
// continues as new every `batchesPerExecution` batches to keep its history bounded. One timer for the
// whole population rather than one per household: a million businesses cost one workflow.
import { continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ReminderActivities } from '../activities/reminderActivities';
import { nextLookDay, withReminderDefaults } from '../domain/reminders/reminderConfig';
import { shanghaiDate, shanghaiInstant } from '../domain/shanghaiTime';
import { reminderStateQuery, type ReminderInput, type ReminderState } from '../messages/reminderMessages';
import { sleepUntil } from './sleepUntil';

const acts = proxyActivities<ReminderActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function reminderWorkflow(input: ReminderInput = {}): Promise<never> {
  const config = withReminderDefaults(input.config);
  const state: ReminderState = input.carried ?? { batches: 0, creditRepair: 0, annualReport: 0, sent: 0, last: null, nextLookAt: null };
  setHandler(reminderStateQuery, () => state);

  const batches = input.batchesPerExecution ?? 50;
  for (let i = 0; i < batches; i++) {
    const today = shanghaiDate(Date.now());
    const recorded = await acts.recordReminders({ date: today, config });
    state.batches++;
    state.creditRepair += recorded.creditRepair;
    state.annualReport += recorded.annualReport;
    state.last = { date: today, ...recorded };
    // The first batch of an execution also sends what an earlier one may have left unsent.
    if (i === 0 || recorded.creditRepair + recorded.annualReport > 0) state.sent += await acts.sendReminders({ pageSize: 500 });

    const look = nextLookDay(today, recorded.nextDue, config);
    const at = shanghaiInstant(Number(look.slice(0, 4)), Number(look.slice(5, 7)), Number(look.slice(8, 10)), config.sendHour);
    state.nextLookAt = at.toISOString();
    await sleepUntil(at, `reminders ${look}`);
  }
  return continueAsNew<typeof reminderWorkflow>({ ...input, carried: state });
}
