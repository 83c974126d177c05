import { describe, expect, it } from 'vitest';
import { calendarOrderProblems, CALENDAR_MILESTONES, defaultCalendar } from '../../domain/programmeCalendar';
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
});
