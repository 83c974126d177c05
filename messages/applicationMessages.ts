// Messages of the 名特优新 application workflow (docs/policy.md#p-cat-states) and of the cycle's selection.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApplicationStatus, CategoryCode } from '../domain/category/categories';
import type { CategoryConfig } from '../domain/category/categoryConfig';
import type { CriterionResult } from '../domain/category/criteria';
import type { GateResult } from '../domain/category/gate';
import type { Candidate } from '../domain/category/quota';
import type { ProgrammeCalendar } from '../domain/programmeCalendar';
import type { HolidayCalendar } from '../domain/workingDays';
import type { Actor } from './taskMessages';

export interface Recommendation {
  recommendationId: string;
  department: string;
  category: CategoryCode;
  reason: string;
  receivedAt: string;
}

/** What identifies an application and how it came in. */
export interface ApplicationKey {
  applicationId: string;
  year: number;
  uscc: string;
  county: string;
  category: CategoryCode;
  channel: 'SELF' | 'RECOMMENDED';
}

export interface ApplicationInput extends ApplicationKey {
  submittedBy: { id: string; role: string };
  submittedAt: string;
  /** The business's special groups: sent by older API versions only (now always empty; personal data). */
  specialGroups: string[];
  /** Whether the business belongs to a special group the gate relaxes for (the derived fact the gate needs). */
  inRelaxedGroup?: boolean;
  /** What the household declared itself (fields nobody shares) and its evidence list. */
  declared: { fields: Record<string, unknown>; evidence: unknown[] };
  /** Present when a department's recommendation started the application. */
  recommendation?: Recommendation;
  calendar: ProgrammeCalendar;
  config: CategoryConfig;
  holidays: HolidayCalendar;
  /** The cycle workflow that ranks and confirms (cycle-{year}, or a drill's id). */
  cycleWorkflowId: string;
}

export interface ObjectionNotice {
  objectionId: string;
  receivedAt: string;
}

export interface ObjectionState {
  objectionId: string;
  receivedAt: string;
  status: 'RECEIVED' | 'ACCEPTED' | 'NOT_ACCEPTED' | 'UPHELD' | 'DISMISSED' | 'LATE';
  reason?: string;
}

export interface ApplicationView extends ApplicationKey {
  status: ApplicationStatus;
  history: Array<{ status: ApplicationStatus; at: string; note?: string }>;
  recommendations: Recommendation[];
  gate: GateResult | null;
  criteria: CriterionResult[] | null;
  /** Assessors' scores stay hidden until both are in; then the combined score. */
  scoresSubmitted: number;
  score: { total: number; passed: boolean; veto: boolean } | null;
  rank: number | null;
  explanation: string | null;
  noticeEndsAt: string | null;
  objections: ObjectionState[];
  designation: { designatedOn: string; validUntil: string; batch: string } | null;
}

/** An application as it stands when it is received (the workflow's starting view, and the API's answer). */
export function receivedView(input: ApplicationInput): ApplicationView {
  const status = input.channel === 'SELF' ? 'SUBMITTED' : 'RECOMMENDED';
  const { applicationId, year, uscc, county, category, channel } = input;
  return {
    applicationId, year, uscc, county, category, channel, status, history: [{ status, at: input.submittedAt }],
    recommendations: input.recommendation ? [input.recommendation] : [], gate: null, criteria: null, scoresSubmitted: 0,
    score: null, rank: null, explanation: null, noticeEndsAt: null, objections: [], designation: null,
  };
}

// From the API.
export const recommendSignal = defineSignal<[Recommendation]>('recommend');
export const objectionSignal = defineSignal<[ObjectionNotice]>('objection');
export const withdrawUpdate = defineUpdate<ApplicationView, [actor: Actor, reason: string]>('withdraw');
export const applicationViewQuery = defineQuery<ApplicationView>('applicationView');

// From the cycle to an application.
export const reviewOpenedSignal = defineSignal('reviewOpened');
export interface RankingOutcome {
  selected: boolean;
  rank: number | null;
  explanation: string;
  /** When the public notice ends (selected, or promoted to a freed slot). */
  noticeEndsAt: string | null;
}
export const rankingSignal = defineSignal<[RankingOutcome]>('ranking');
export const confirmedSignal = defineSignal<[{ designatedOn: string; validUntil: string; batch: string }]>('confirmed');
export const finalizeSignal = defineSignal<[{ reason: string }]>('finalize');

// From an application to the cycle.
export interface RegisteredApplication {
  workflowId: string;
  uscc: string;
  county: string;
  category: CategoryCode;
}
export const applicationRegisteredSignal = defineSignal<[RegisteredApplication]>('applicationRegistered');
export const applicationScoredSignal = defineSignal<[{ workflowId: string; candidate: Candidate }]>('applicationScored');
export const applicationLeftSignal = defineSignal<[{ workflowId: string; status: ApplicationStatus }]>('applicationLeft');
export const publicityClearedSignal = defineSignal<[{ workflowId: string }]>('publicityCleared');

export const APPLICATION_FAILURES = {
  NOT_APPLICANT: 'APPLICATION_NOT_APPLICANT',
  CANNOT_WITHDRAW: 'APPLICATION_CANNOT_WITHDRAW',
} as const;
