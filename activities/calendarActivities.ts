// The official holiday schedule for a cycle the annual Schedule starts: looked up in an activity, so
// the kickoff workflow records it in history instead of reading bundled data on replay.
import type { ProgrammeCalendar } from '../domain/programmeCalendar';
import type { HolidayCalendar } from '../domain/workingDays';
import { cycleHolidaySchedule } from '../data/holidayScheduleFile';

export function createCalendarActivities() {
  return {
    async officialHolidaySchedule(args: { calendar: Pick<ProgrammeCalendar, 'opensAt' | 'closesAt'> }): Promise<HolidayCalendar> {
      return cycleHolidaySchedule(args.calendar);
    },
  };
}

export type CalendarActivities = ReturnType<typeof createCalendarActivities>;
