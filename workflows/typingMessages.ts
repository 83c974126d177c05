// Messages of the typing run workflow.
import { defineQuery } from '@temporalio/workflow';
import type { TypeCounts, TypingRunSpec, UsccRange } from '../activities/typingActivities';

export interface TypingRunInput extends TypingRunSpec {
  rangeSize?: number;
  pageSize?: number;
  concurrency?: number;
  /** Ranges handled by one execution before continuing as new (history stays small). */
  rangesPerExecution?: number;
  heartbeatTimeoutMs?: number;
  /** Set when continuing as new: the ranges still to do and the progress so far. */
  carried?: { ranges: UsccRange[]; rangesDone: number; rangesTotal: number };
}

export interface TypingProgress {
  runId: string;
  rangesDone: number;
  rangesTotal: number;
}

export interface TypingRunSummary {
  runId: string;
  total: number;
  counts: TypeCounts;
}

export const typingProgressQuery = defineQuery<TypingProgress>('typingProgress');
