// Messages of the policy-matching workflow (docs/policy.md#p-policy-matching).
import type { PolicyMatchingPlan, PolicyMatchingSpec } from '../activities/policyMatchingActivities';

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
