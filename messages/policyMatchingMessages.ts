// Messages of the policy-matching workflow (docs/policy.md#p-policy-matching).
import type { UsccRange } from './typingMessages';

export interface PolicyMatchingSpec {
  batchId: string;
  /** The typing run to match against; null: the latest published run (a designation). */
  runId: string | null;
  trigger: 'TYPING_RUN' | 'DESIGNATION' | 'MANUAL';
  /** Only this household (a designation); otherwise everyone the run typed. */
  uscc?: string;
  /** The day policies must be in force (YYYY-MM-DD, Asia/Shanghai), fixed when the batch starts. */
  date?: string;
}

export interface PolicyMatchingPlan {
  runId: string | null;
  year: number;
  date: string;
  policies: string[];
  ranges: UsccRange[];
}


export interface PolicyMatchingInput extends PolicyMatchingSpec {
  rangeSize?: number;
  pageSize?: number;
  concurrency?: number;
  /** Households per digest page. */
  notifyPageSize?: number;
  /** Ranges handled by one execution before continuing as new (history stays small). */
  rangesPerExecution?: number;
  heartbeatTimeoutMs?: number;
  /** Set when continuing as new: the plan and the ranges still to do. */
  carried?: { plan: PolicyMatchingPlan; ranges: PolicyMatchingPlan['ranges'] };
}

export interface PolicyMatchingSummary {
  batchId: string;
  runId: string | null;
  policies: string[];
  matched: number;
  added: number;
  notified: number;
}
