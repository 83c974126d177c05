import { describe, expect, it } from 'vitest';
import { calendarOrderProblems, CALENDAR_MILESTONES, declarationWindow, defaultCalendar } from '../../domain/programmeCalendar';
import { shanghaiDate, shanghaiDateTime, shanghaiInstant } from '../../domain/shanghaiTime';

describe('programme calendar', () => {
  it('puts each default milestone on its Suizhou date, Asia/Shanghai wall clock', () => {
    const c = defaultCalendar(2025);
    expect(shanghaiDateTime(c.opensAt)).toBe('2025-07-01T00:00');
    expect(c.opensAt).toBe('2025-06-30T16:00:00.000Z');
    expect(shanghaiDateTime(c.typingDueAt)).toBe('2025-08-01T00:00'); // end of July
    expect(shanghaiDateTime(c.nationalReportDueAt)).toBe('2025-08-16T00:00'); // end of Aug 15
    expect(shanghaiDateTime(c.rerunAt)).toBe('2025-09-30T18:00');
    expect(shanghaiDateTime(c.declarationClosesAt)).toBe('2025-10-01T00:00');
    expect(shanghaiDateTime(c.rankingAt)).toBe('2025-10-16T00:00');
    expect(shanghaiDateTime(c.reviewEndsAt)).toBe('2025-11-01T00:00');
    expect(shanghaiDateTime(c.closesAt)).toBe('2025-12-01T00:00'); // end of Nov 30
  });

  it('is in order by default and reports milestones out of order', () => {
    expect(calendarOrderProblems(defaultCalendar(2026))).toEqual([]);
    const broken = { ...defaultCalendar(2026), rerunAt: '2026-12-31T00:00:00.000Z' };
    expect(calendarOrderProblems(broken)).toEqual([['rerunAt', 'declarationClosesAt']]);
    expect(CALENDAR_MILESTONES).toHaveLength(8);
  });

  it('converts between instants and Shanghai dates at the day boundary', () => {
    expect(shanghaiInstant(2025, 7, 1).toISOString()).toBe('2025-06-30T16:00:00.000Z');
    expect(shanghaiDate('2025-06-30T15:59:59.999Z')).toBe('2025-06-30');
    expect(shanghaiDate('2025-06-30T16:00:00.000Z')).toBe('2025-07-01');
  });

  it('opens declarations at the end of July (typingDueAt) and closes them at the end of Sept 30, to the minute', () => {
    const c = defaultCalendar(2026);
    const minute = 60_000;
    const at = (instant: string, offset: number) => Date.parse(instant) + offset;
    // End of July (Aug 1 00:00 Shanghai): a declaration one minute before is refused, one minute after taken.
    expect(declarationWindow(c, 'RECHECK_WINDOW', at(c.typingDueAt, -minute))).toEqual({ open: false, code: 'DECLARATION_NOT_OPEN', reason: expect.stringContaining('2026-08-01T00:00') });
    expect(declarationWindow(c, 'RECHECK_WINDOW', at(c.typingDueAt, 0))).toEqual({ open: true });
    expect(declarationWindow(c, 'RECHECK_WINDOW', at(c.typingDueAt, minute))).toEqual({ open: true });
    // July 1 (typing started; labels may even be out already): not yet.
    expect(declarationWindow(c, 'RECHECK_WINDOW', Date.parse(c.opensAt) + 3_600_000)).toMatchObject({ open: false, code: 'DECLARATION_NOT_OPEN' });
    // A typing run still going at the end of July keeps it shut until the labels are out.
    expect(declarationWindow(c, 'TYPING', at(c.typingDueAt, minute))).toMatchObject({ open: false, code: 'DECLARATION_NOT_OPEN' });
    // The re-run on Sept 30 18:00 does not close it; the end of Sept 30 does.
    expect(declarationWindow(c, 'RERUN', at(c.declarationClosesAt, -minute))).toEqual({ open: true });
    expect(declarationWindow(c, 'RERUN', at(c.declarationClosesAt, 0))).toMatchObject({ open: false, code: 'DECLARATION_WINDOW_CLOSED' });
    expect(declarationWindow(c, 'RERUN', at(c.declarationClosesAt, minute))).toEqual({ open: false, code: 'DECLARATION_WINDOW_CLOSED', reason: expect.stringContaining('2026-10-01T00:00') });
    expect(declarationWindow(c, 'CATEGORY_REVIEW', at(c.declarationClosesAt, -minute))).toMatchObject({ open: false, code: 'DECLARATION_WINDOW_CLOSED' });
  });

  it('finishes confirmation, notice and objections by the end of October and intake by the end of Nov 30', () => {
    const c = defaultCalendar(2026);
    expect(shanghaiDateTime(c.reviewEndsAt)).toBe('2026-11-01T00:00');
    expect(shanghaiDateTime(c.closesAt)).toBe('2026-12-01T00:00');
    expect(Date.parse(c.rankingAt)).toBeLessThan(Date.parse(c.reviewEndsAt));
  });
});
