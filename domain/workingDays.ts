// Working-day arithmetic for SLAs ("15 working days", domain.md §10.2, §12) on the Shanghai calendar.
// Weekends are skipped; public holidays and make-up workdays are configuration (the State Council
// publishes them each year), passed in as YYYY-MM-DD lists.
import { SHANGHAI_OFFSET_MS } from './shanghaiTime';

export interface HolidayCalendar {
  holidays: string[];
  workdays: string[]; // weekend days that are working days (调休)
}

export const NO_HOLIDAYS: HolidayCalendar = { holidays: [], workdays: [] };

function isWorkingDay(day: Date, calendar: HolidayCalendar): boolean {
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
