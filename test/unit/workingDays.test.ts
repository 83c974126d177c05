// The official working-day calendar. Expected dates are derived by hand from the State Council's
// notice for 2026 (国办发明电〔2025〕7号): 春节 Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked;
// 国庆节/中秋节 Oct 1–7 off, Sun Sep 20 and Sat Oct 10 worked. (The pinned chinese-days 1.5.7 does not
// know 2027 yet, so the Spring Festival case is 2026's.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { operatorHolidaySchedule } from '../../data/holidayScheduleFile';
import { cycleScheduleYears, missingScheduleYears, officialSchedule, scheduleOfYear, scheduleOverridesSchema } from '../../domain/calendar/officialSchedule';
import { defaultCalendar } from '../../domain/programmeCalendar';
import { shanghaiDateTime } from '../../domain/shanghaiTime';
import { addWorkingDays, HolidayScheduleMissingError, NO_HOLIDAYS } from '../../domain/workingDays';

const schedule2026 = officialSchedule([2026]);
const endOf = (iso: Date) => shanghaiDateTime(iso.toISOString());

describe('official working-day calendar', () => {
  it('ends a 5-working-day notice started on Tue 2026-09-29 at the end of Mon 2026-10-12', () => {
    // Sep 30 (1); Oct 1–7 holiday; Oct 8 (2), Oct 9 (3), Sat Oct 10 make-up workday (4), Oct 12 (5).
    const started = '2026-09-29T10:00:00+08:00';
    expect(endOf(addWorkingDays(started, 5, schedule2026))).toBe('2026-10-13T00:00');
    expect(endOf(addWorkingDays(started, 5, NO_HOLIDAYS))).toBe('2026-10-07T00:00'); // weekends only: Oct 6, inside the holiday
  });

  it('ends a 15-working-day SLA started on Tue 2026-02-10 across the Spring Festival at the end of Mon 2026-03-09', () => {
    // Feb 11, 12, 13 (3), Sat Feb 14 worked (4); Feb 15–23 off; Feb 24–27 (8), Sat Feb 28 worked (9);
    // Mar 2–6 (14), Mar 9 (15).
    const started = '2026-02-10T09:00:00+08:00';
    expect(endOf(addWorkingDays(started, 15, schedule2026))).toBe('2026-03-10T00:00');
    expect(endOf(addWorkingDays(started, 15, NO_HOLIDAYS))).toBe('2026-03-04T00:00'); // weekends only: Mar 3
  });

  it('refuses to count into a year with no published schedule, with a stable code', () => {
    const schedule = officialSchedule([2026, 2027]);
    expect(schedule.years).toEqual([2026]); // 2027 is not published in chinese-days 1.5.7 nor in holidays.json
    let refusal: unknown;
    try { addWorkingDays('2026-12-28T09:00:00+08:00', 5, schedule); } catch (error) { refusal = error; }
    expect(refusal).toBeInstanceOf(HolidayScheduleMissingError);
    expect(refusal).toMatchObject({ code: 'HOLIDAY_SCHEDULE_MISSING', year: 2027 });
    // Inside the known year it counts as usual.
    expect(endOf(addWorkingDays('2026-12-21T09:00:00+08:00', 5, schedule))).toBe('2026-12-29T00:00');
  });

  it('takes a year the package does not know from the repository file, which replaces the package per year', () => {
    const overrides = { '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-02'] } };
    const schedule = officialSchedule([2026, 2027], overrides);
    expect(schedule.years).toEqual([2026, 2027]);
    expect(schedule.source).toMatch(/^chinese-days@1\.5\.7 \+ domain\/calendar\/holidays\.json \(2027\)$/);
    // Thu 2026-12-31 + 1: Fri Jan 1 off, Sat Jan 2 worked (the file's entry).
    expect(endOf(addWorkingDays('2026-12-31T09:00:00+08:00', 1, schedule))).toBe('2027-01-03T00:00');
    expect(scheduleOfYear(2026, { '2026': { holidays: [], workdays: [] } })).toEqual({ holidays: [], workdays: [] });
  });

  it('takes an operator\'s file over the repository file and the package, and names it in the source', () => {
    const operator = { file: '/etc/getihu/holidays.json', years: { '2027': { holidays: ['2027-01-01'], workdays: [] } } };
    const schedule = officialSchedule([2026, 2027], { '2027': { holidays: [], workdays: ['2027-01-02'] } }, operator);
    expect(schedule.years).toEqual([2026, 2027]);
    expect(schedule.source).toBe('chinese-days@1.5.7 + /etc/getihu/holidays.json (2027)');
    // Fri Jan 1 off (the operator's), Sat Jan 2 a weekend again (the repository's make-up day is replaced).
    expect(endOf(addWorkingDays('2026-12-31T09:00:00+08:00', 1, schedule))).toBe('2027-01-05T00:00');
    expect(officialSchedule([2026, 2027], {}, null).years).toEqual([2026]);
  });

  it('reads the operator\'s file from HOLIDAY_SCHEDULE_FILE strictly, and none when it is not set', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'getihu-holiday-file-'));
    try {
      const good = path.join(dir, 'good.json');
      writeFileSync(good, JSON.stringify({ years: { '2027': { holidays: ['2027-01-01'], workdays: [] } } }));
      expect(operatorHolidaySchedule(good)).toEqual({ file: good, years: { '2027': { holidays: ['2027-01-01'], workdays: [] } } });
      const wrongYear = path.join(dir, 'wrong.json');
      writeFileSync(wrongYear, JSON.stringify({ years: { '2027': { holidays: ['2026-01-01'], workdays: [] } } }));
      expect(() => operatorHolidaySchedule(wrongYear)).toThrow(/not in 2027/);
      expect(operatorHolidaySchedule('')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the repository file strictly: a day filed under the wrong year or a malformed date is refused', () => {
    expect(scheduleOverridesSchema.safeParse({ '2027': { holidays: ['2027-02-06'], workdays: [] } }).success).toBe(true);
    expect(scheduleOverridesSchema.safeParse({ '2027': { holidays: ['2026-02-06'], workdays: [] } }).success).toBe(false);
    expect(scheduleOverridesSchema.safeParse({ '2027': { holidays: ['2027-2-6'], workdays: [] } }).success).toBe(false);
    expect(scheduleOverridesSchema.safeParse({ '27': { holidays: [], workdays: [] } }).success).toBe(false);
  });

  it('keeps counting weekends only for a cycle whose input has no schedule (started before it existed)', () => {
    expect(endOf(addWorkingDays('2031-06-02T09:00:00+08:00', 5, { holidays: [], workdays: [] }))).toBe('2031-06-10T00:00');
  });
});

describe('the years a cycle\'s schedule covers', () => {
  it('reach the year a late cycle is started in, so its deadlines counted from then have a schedule', () => {
    // A 2024 cycle started in December 2026 (a catch-up, or a fuzzer) ranks and sets notices from now.
    expect(cycleScheduleYears(defaultCalendar(2024))).toEqual([2024, 2025]);
    expect(cycleScheduleYears(defaultCalendar(2024), '2026-12-02T08:00:00Z')).toEqual([2024, 2025, 2026, 2027]);
    const schedule = officialSchedule(cycleScheduleYears(defaultCalendar(2024), '2026-12-02T08:00:00Z'));
    expect(schedule.years).toEqual(expect.arrayContaining([2024, 2025, 2026]));
    expect(() => addWorkingDays('2026-12-01T10:00:00+08:00', 5, schedule)).not.toThrow();
    expect(() => addWorkingDays('2026-12-01T10:00:00+08:00', 5, officialSchedule(cycleScheduleYears(defaultCalendar(2024))))).toThrow(HolidayScheduleMissingError);
    // The cycle's own window is what "missing" reports, whenever it was started.
    expect(missingScheduleYears(defaultCalendar(2024), schedule)).toEqual([]);
  });
});
