// The holiday schedule a cycle starts on: the official one (domain/calendar/officialSchedule.ts) with an
// operator's file (HOLIDAY_SCHEDULE_FILE): whole years shaped like domain/calendar/holidays.json's `years`,
// for a State Council notice that is out before a release of chinese-days or of this repository carries it.
// Read once per process and checked strictly: a malformed file refuses the cycle start instead of counting
// deadlines wrongly.
import { readFileSync } from 'node:fs';
import { cycleScheduleYears, officialSchedule, scheduleOverridesSchema, type OperatorSchedule } from '../domain/calendar/officialSchedule';
import type { ProgrammeCalendar } from '../domain/programmeCalendar';
import type { HolidayCalendar } from '../domain/workingDays';

let loaded: { file: string | undefined; schedule: OperatorSchedule | null } | null = null;

/** The operator's years, or null when HOLIDAY_SCHEDULE_FILE is not set. */
export function operatorHolidaySchedule(file = process.env.HOLIDAY_SCHEDULE_FILE || undefined): OperatorSchedule | null {
  if (loaded && loaded.file === file) return loaded.schedule;
  const schedule = file ? { file, years: scheduleOverridesSchema.parse((JSON.parse(readFileSync(file, 'utf8')) as { years?: unknown }).years) } : null;
  loaded = { file, schedule };
  return schedule;
}

/** The schedule a cycle with this calendar starts on now (its input): the official one, with the operator's years. */
export function cycleHolidaySchedule(calendar: Pick<ProgrammeCalendar, 'opensAt' | 'closesAt'>): HolidayCalendar {
  return officialSchedule(cycleScheduleYears(calendar, new Date().toISOString()), undefined, operatorHolidaySchedule());
}
