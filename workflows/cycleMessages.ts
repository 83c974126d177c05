// Messages of the annual cycle workflow, shared by the workflow, the API and tests.
import { defineQuery } from '@temporalio/workflow';
import type { CyclePhase, ProgrammeCalendar } from '../domain/programmeCalendar';

export interface AnnualCycleInput {
  year: number;
  calendar: ProgrammeCalendar;
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
}

export const cycleStateQuery = defineQuery<CycleState>('cycleState');
