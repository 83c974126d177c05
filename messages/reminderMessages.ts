// Messages of the reminder workflow (docs/policy.md#p-credit-repair-reminder, docs/policy.md#p-annual-report-reminder).
import { defineQuery } from '@temporalio/workflow';
import type { ReminderConfig } from '../domain/reminders/reminderConfig';

export interface ReminderInput {
  /** Defaults: DEFAULT_REMINDER_CONFIG (PLACEHOLDER values); a partial config overrides field by field. */
  config?: Partial<ReminderConfig>;
  /** Batches done by one execution before continuing as new (history stays small; default 50). */
  batchesPerExecution?: number;
  /** Set when continuing as new: what the executions before did. */
  carried?: ReminderState;
}

/** What one day's batch recorded in the outbox (new rows only) and the next day anything is known to be due. */
export interface ReminderBatch {
  date: string;
  creditRepair: number;
  annualReport: number;
  /** The typing run whose NO_ANNUAL_REPORT households were reminded, when the date is in the window. */
  runId: string | null;
  nextDue: string | null;
}

export interface ReminderState {
  batches: number;
  creditRepair: number;
  annualReport: number;
  sent: number;
  last: ReminderBatch | null;
  /** The instant the workflow sleeps until (ISO), between batches. */
  nextLookAt: string | null;
}

export const reminderStateQuery = defineQuery<ReminderState>('reminderState');
