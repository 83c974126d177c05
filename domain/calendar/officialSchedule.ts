// The State Council's holiday schedule for the years a cycle spans: the pinned `chinese-days` package
// (maintained, published each year when the notice comes out), overridden or extended year by year by
// domain/calendar/holidays.json, and over both by an operator's file (HOLIDAY_SCHEDULE_FILE, read by
// data/holidayScheduleFile.ts) for a notice out before a release carries it. Computed at the API when a
// cycle starts and passed to the workflow as input, so the schedule in force is recorded in history and a
// later package upgrade changes nothing in a running cycle. Pure: no I/O beyond the bundled data.
import { z } from 'zod';
import packageData from 'chinese-days/dist/chinese-days.json';
import packageJson from 'chinese-days/package.json';
import repositoryData from './holidays.json';
import type { ProgrammeCalendar } from '../programmeCalendar';
import { shanghaiDate } from '../shanghaiTime';
import type { HolidayCalendar } from '../workingDays';

const isoDay = z.iso.date();
const yearSchedule = z.strictObject({ holidays: z.array(isoDay), workdays: z.array(isoDay) });
/** The repository file: whole years keyed "YYYY", each day in its own year (a typo fails loudly at start-up). */
export const scheduleOverridesSchema = z.record(z.string().regex(/^\d{4}$/), yearSchedule).superRefine((years, ctx) => {
  for (const [year, { holidays, workdays }] of Object.entries(years)) {
    for (const day of [...holidays, ...workdays]) {
      if (!day.startsWith(`${year}-`)) ctx.addIssue({ code: 'custom', path: [year], message: `${day} is not in ${year}` });
    }
  }
});

type YearSchedule = z.infer<typeof yearSchedule>;
export type ScheduleOverrides = Record<string, YearSchedule>;

const REPOSITORY_FILE = 'domain/calendar/holidays.json';
const repositoryYears: ScheduleOverrides = scheduleOverridesSchema.parse(repositoryData.years);

function packageYear(year: number): YearSchedule | null {
  const prefix = `${year}-`;
  const holidays = Object.keys(packageData.holidays).filter((d) => d.startsWith(prefix)).sort();
  const workdays = Object.keys(packageData.workdays).filter((d) => d.startsWith(prefix)).sort();
  // Every published year has holidays; none means the package does not know the year.
  return holidays.length > 0 ? { holidays, workdays } : null;
}

/** The official schedule of one year, or null when neither the package nor the repository file has it. */
export function scheduleOfYear(year: number, overrides: ScheduleOverrides = repositoryYears): YearSchedule | null {
  return overrides[String(year)] ?? packageYear(year);
}

/** Whole years from a file beside the repository's, which they replace; `file` names it in the schedule's source. */
export interface OperatorSchedule {
  file: string;
  years: ScheduleOverrides;
}

/**
 * The schedule for the given years, keeping only those that are known: `years` says which, and a
 * working-day count that reaches any other year refuses. An operator's years replace the repository
 * file's and the package's.
 */
export function officialSchedule(years: number[], overrides: ScheduleOverrides = repositoryYears, operator: OperatorSchedule | null = null): HolidayCalendar {
  const merged = { ...overrides, ...operator?.years };
  const known = [...new Set(years)].sort().filter((y) => scheduleOfYear(y, merged));
  const parts = known.map((y) => scheduleOfYear(y, merged)!);
  const fromOperator = known.filter((y) => operator?.years[String(y)]);
  const fromFile = known.filter((y) => overrides[String(y)] && !fromOperator.includes(y));
  const files = [[REPOSITORY_FILE, fromFile], [operator?.file, fromOperator]] as const;
  return {
    holidays: parts.flatMap((p) => p.holidays),
    workdays: parts.flatMap((p) => p.workdays),
    years: known,
    source: `chinese-days@${packageJson.version}${files.map(([file, ys]) => (ys.length > 0 ? ` + ${file} (${ys.join(', ')})` : '')).join('')}`,
  };
}

const yearOf = (instant: string) => Number(shanghaiDate(instant).slice(0, 4));

/**
 * The years a cycle's calendar spans, Shanghai time, and the next (an SLA started late runs over).
 * A cycle started after its calendar (`startedAt`, a drill or a catch-up of a past year) counts its
 * deadlines from then: the schedule reaches that year and the next too.
 */
export function cycleScheduleYears(calendar: Pick<ProgrammeCalendar, 'opensAt' | 'closesAt'>, startedAt?: string): number[] {
  const last = Math.max(yearOf(calendar.closesAt), startedAt ? yearOf(startedAt) : 0) + 1;
  const years: number[] = [];
  for (let y = yearOf(calendar.opensAt); y <= last; y++) years.push(y);
  return years;
}

/** The years of the cycle's own window (opensAt to closesAt) that have no schedule: its deadlines there will refuse. */
export function missingScheduleYears(calendar: Pick<ProgrammeCalendar, 'opensAt' | 'closesAt'>, schedule: HolidayCalendar): number[] {
  const known = schedule.years;
  if (!known) return [];
  const own: number[] = [];
  for (let y = yearOf(calendar.opensAt); y <= yearOf(calendar.closesAt); y++) own.push(y);
  return own.filter((y) => !known.includes(y));
}
