// Messages of the annual cycle workflow, shared by the workflow, the API and tests.
import { defineQuery } from '@temporalio/workflow';
import type { CategoryConfig } from '../domain/category/categoryConfig';
import type { CategoryRulesRef } from '../domain/category/categoryRules';
import type { CyclePhase, ProgrammeCalendar } from '../domain/programmeCalendar';
import type { HolidayCalendar } from '../domain/workingDays';
import type { TypeCounts } from './typingMessages';

export interface AnnualCycleInput {
  year: number;
  calendar: ProgrammeCalendar;
  /** Tuning of the typing runs (range and page sizes, concurrency); defaults suit a city. */
  typing?: { rangeSize?: number; pageSize?: number; concurrency?: number };
  /**
   * 名特优新 selection settings (gate, criteria, quota, score sheet, SLAs): the ACTIVE category rules version's
   * (`category.rules` names it, docs/policy.md#p-category-rules) with per-cycle overrides. Absent: the built-in defaults.
   */
  category?: CategoryConfig;
  /**
   * The State Council's schedule (public holidays, 调休 workdays, the years covered) for working-day
   * deadlines, computed where the cycle is started. Absent in cycles started before: weekends only.
   */
  holidays?: HolidayCalendar;
}

export interface TypingRunRecord {
  runId: string;
  total: number;
  counts: TypeCounts;
  exportedRows: number;
  at: string;
}

export interface PhaseChange {
  phase: CyclePhase;
  at: string;
}

export interface CycleState {
  year: number;
  phase: CyclePhase;
  calendar: ProgrammeCalendar;
  history: PhaseChange[];
  runs: TypingRunRecord[];
  statistics: CycleStatistics | null;
  selection: SelectionSummary;
  /** The holiday schedule in force (the input's); null when the cycle was started without one. */
  holidays?: HolidayCalendar | null;
  /** The category rules version the cycle took (its input's); null/absent when started before versions existed. */
  categoryRules?: CategoryRulesRef | null;
  /** The 名特优新 intake reports the cycle wrote (docs/policy.md#p-type-directory): submission id (null when nothing new), rows, status. */
  intake: Array<{ submissionId: string | null; rows: number; status: string | null }>;
}

export const cycleStateQuery = defineQuery<CycleState>('cycleState');

/** `annualCycleWorkflow`'s signature: the API starts it typed without importing workflow code (checked in test/unit/layers.test.ts). */
export type AnnualCycleWorkflow = (input: AnnualCycleInput) => Promise<CycleState>;

export interface SelectionSummary {
  registered: number;
  scored: number;
  base: number | null;
  cap: number | null;
  selected: string[];
  promoted: string[];
  confirmed: string[];
  /** The county caps when the quota unit is the county. */
  capsByCounty?: Record<string, number>;
  rankedAt: string | null;
  confirmedAt: string | null;
}

export interface CycleStatistics {
  runId: string | null;
  byType: Record<string, number>;
  byCounty: Record<string, Record<string, number>>;
  rechecks: Record<string, number>;
  corrections: number;
  /** 名特优新 applications by final status, and designations by category. */
  applications: Record<string, number>;
  designated: Record<string, number>;
}
