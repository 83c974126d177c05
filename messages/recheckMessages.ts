// Messages of the recheck workflow (docs/policy.md#p-recheck).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CorrectableFeature } from '../domain/typing/facts';
import type { Actor } from './taskMessages';

export interface DisputedValue {
  feature: CorrectableFeature;
  claimedValue: number;
  note?: string;
}

export interface RecheckInput {
  recheckId: string;
  year: number;
  uscc: string;
  county: string;
  disputed: DisputedValue[];
  submittedBy: { id: string; role: string };
  /** The verification SLA (15 working days, never after the re-run): reminder before, escalation after. */
  dueAt: string;
  /** The re-run: an unverified recheck expires then. */
  expiresAt: string;
  /** How long before `dueAt` the staff are reminded (default 2 days). */
  reminderLeadMs?: number;
}

/** The staff member who verifies: a task actor like any other. */
export type Verifier = Actor;

export interface ValueDecision {
  feature: CorrectableFeature;
  accept: boolean;
  /** The verified value (required when accepted). */
  value?: number;
  reason: string;
}

export type RecheckStatus = 'AWAITING_VERIFICATION' | 'RESOLVED_CORRECTED' | 'RESOLVED_NO_CHANGE' | 'EXPIRED';

export interface RecheckView {
  recheckId: string;
  year: number;
  uscc: string;
  status: RecheckStatus;
  disputed: DisputedValue[];
  decisions: ValueDecision[] | null;
  dueAt: string;
  /** The staff member who holds the verification task (claimed, reassigned or delegated), if anyone does. */
  assigneeId: string | null;
}

export const recheckViewQuery = defineQuery<RecheckView>('recheckView');
export const verifyRecheckUpdate = defineUpdate<RecheckView, [Verifier, ValueDecision[]]>('verifyRecheck');

export { recheckWorkflowId } from './ids';

/** Failure types of a refused verification, mapped to HTTP by the API. */
export const RECHECK_FAILURES = {
  NOT_OPEN: 'RECHECK_NOT_OPEN',
  NOT_ASSIGNEE: 'RECHECK_NOT_ASSIGNEE',
  INVALID_DECISIONS: 'RECHECK_INVALID_DECISIONS',
  SELF_VERIFICATION: 'RECHECK_SELF_VERIFICATION',
} as const;

/** `recheckWorkflow`'s signature: the API starts it typed without importing workflow code (checked in test/unit/layers.test.ts). */
export type RecheckWorkflow = (input: RecheckInput) => Promise<RecheckView>;
