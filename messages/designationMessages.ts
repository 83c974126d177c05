// Messages of a designation's workflow during its validity (docs/policy.md#p-designation-revocation): feeds tell it
// their batch touched the household's facts (it re-reads them); the city reports fraud found; the
// household states its defence against a notice of revocation. Validators refuse with the types below,
// which the API maps to HTTP (nothing is recorded on a refusal).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DesignationStatus, RevocationGround } from '../domain/category/designation';
import type { Actor } from './taskMessages';

export interface FactsChanged {
  /** The feed batch that touched the household's facts (the same batch told twice changes nothing). */
  batchId: string;
  feed: string;
}

export interface RevocationView {
  round: number;
  grounds: RevocationGround[];
  noticeAt: string;
  defenceDueAt: string;
  defence: { statement: string; at: string; by: string } | null;
  decision: { revoke: boolean; reason: string; by: string; at: string } | null;
}

export interface DesignationView {
  status: DesignationStatus;
  validUntil: string;
  evaluations: Array<{ at: string; extend: boolean; reason: string; by: string }>;
  /** Revocation procedures (since revocation existed; absent on designations started before). */
  revocations?: RevocationView[];
}

export const designationViewQuery = defineQuery<DesignationView>('designationView');
export const designationFactsChangedSignal = defineSignal<[FactsChanged]>('designationFactsChanged');
export const reportFraudUpdate = defineUpdate<DesignationView, [actor: Actor, findings: string]>('reportDesignationFraud');
export const submitDefenceUpdate = defineUpdate<DesignationView, [actor: Actor, statement: string]>('submitRevocationDefence');

export const DESIGNATION_FAILURES = {
  NOT_IN_FORCE: 'DESIGNATION_NOT_IN_FORCE',
  NO_DEFENCE_OPEN: 'REVOCATION_NO_DEFENCE_OPEN',
  DEFENCE_ALREADY_SUBMITTED: 'REVOCATION_DEFENCE_ALREADY_SUBMITTED',
  NOT_OWN: 'DESIGNATION_NOT_OWN',
} as const;
