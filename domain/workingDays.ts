// Working-day arithmetic for SLAs ("15 working days": docs/policy.md#p-cal-workdays, docs/policy.md#p-sla) on the Shanghai calendar.
// Weekends are skipped; public holidays and make-up workdays (调休) come from the State Council's
// yearly schedule (domain/calendar/officialSchedule.ts), passed in as YYYY-MM-DD lists so that
// workflows get it as input and replay deterministically.
import { SHANGHAI_OFFSET_MS } from './shanghaiTime';

export interface HolidayCalendar {
  holidays: string[];
  workdays: string[]; // weekend days that are working days (调休)
  /**
   * The years whose official schedule the lists cover. When present, counting into any other year
   * refuses (HolidayScheduleMissingError) instead of counting weekends only. Absent on cycles started
   * before the official calendar existed: those keep counting weekends only, as they did.
   */
  years?: number[];
  /** Where the schedule came from (package version and repository file), for the record. */
  source?: string;
}

export const NO_HOLIDAYS: HolidayCalendar = { holidays: [], workdays: [] };

/** A working day was asked of a year whose holiday schedule is not known (not yet published). */
export class HolidayScheduleMissingError extends Error {
  readonly code = 'HOLIDAY_SCHEDULE_MISSING';
  constructor(readonly year: number) {
    super(`No official holiday schedule for ${year}: working days in ${year} cannot be counted`);
    this.name = 'HolidayScheduleMissingError';
  }
}

function isWorkingDay(day: Date, calendar: HolidayCalendar): boolean {
  if (calendar.years && !calendar.years.includes(day.getUTCFullYear())) throw new HolidayScheduleMissingError(day.getUTCFullYear());
  const iso = day.toISOString().slice(0, 10);
  if (calendar.workdays.includes(iso)) return true;
  if (calendar.holidays.includes(iso)) return false;
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The end (24:00 Shanghai) of the n-th working day after the day of `from`. */
export function addWorkingDays(from: string | Date, n: number, calendar: HolidayCalendar = NO_HOLIDAYS): Date {
  const local = new Date(new Date(from).getTime() + SHANGHAI_OFFSET_MS);
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  let left = n;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isWorkingDay(day, calendar)) left--;
  }
  return new Date(day.getTime() + 86_400_000 - SHANGHAI_OFFSET_MS);
}
