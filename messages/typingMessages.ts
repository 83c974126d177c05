// Messages of the typing run workflow.
import { defineQuery } from '@temporalio/workflow';

/** USCCs in (after, upTo]. */
export interface UsccRange {
  after: string;
  upTo: string;
}

export interface TypingRunSpec {
  runId: string;
  year: number;
  kind: 'ANNUAL' | 'RERUN';
  rulesetId: string;
  referenceDate: string; // YYYY-MM-DD
}

export type TypeCounts = Record<'D' | 'G' | 'S' | 'UNTYPED', number>;

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
