// When the reminders are due (docs/policy.md#p-credit-repair-reminder, docs/policy.md#p-annual-report-reminder),
// and the mail templates' substitution, without a database.
import { describe, expect, it } from 'vitest';
import { annualReportDue, nextAnnualReportDay, nextLookDay, withReminderDefaults } from '../../domain/reminders/reminderConfig';
import { ANNUAL_REPORT_MAIL, CREDIT_REPAIR_MAIL, fillTemplate } from '../../domain/reminders/reminderMail';

const config = withReminderDefaults();

describe('annual-report window', () => {
  it('is June 1 to June 30: the typing year before is reminded to file its own year', () => {
    expect(annualReportDue('2028-05-31', config)).toBeNull();
    expect(annualReportDue('2028-06-01', config)).toEqual({ typingYear: 2027, reportYear: 2027, deadline: '2028-06-30' });
    expect(annualReportDue('2028-06-30', config)).not.toBeNull();
    expect(annualReportDue('2028-07-01', config)).toBeNull();
  });

  it('follows a configured day', () => {
    const may = withReminderDefaults({ annualReport: { remindMonth: 5, remindDay: 15, deadlineMonth: 6, deadlineDay: 30 } });
    expect(annualReportDue('2028-05-15', may)?.typingYear).toBe(2027);
    expect(nextAnnualReportDay('2028-01-01', may)).toBe('2028-05-15');
  });

  it('the next reminder day is strictly after today', () => {
    expect(nextAnnualReportDay('2028-05-31', config)).toBe('2028-06-01');
    expect(nextAnnualReportDay('2028-06-01', config)).toBe('2029-06-01');
  });
});

describe('the next look', () => {
  it('is the next due day, but no later than recheckDays', () => {
    expect(nextLookDay('2028-01-01', '2028-01-05', withReminderDefaults({ recheckDays: 30 }))).toBe('2028-01-05');
    expect(nextLookDay('2028-01-01', '2028-05-05', withReminderDefaults({ recheckDays: 30 }))).toBe('2028-01-31');
    expect(nextLookDay('2028-02-28', null, config)).toBe('2028-02-29');
  });
});

describe('mail templates', () => {
  it('fill positional arguments as PostgreSQL format() does, one argument per listed name', () => {
    expect(fillTemplate('%2$s-%1$s %% %1$s', ['a', 'b'])).toBe('b-a % a');
    for (const m of [CREDIT_REPAIR_MAIL, ANNUAL_REPORT_MAIL]) {
      const used = new Set([...m.body.matchAll(/%(\d+)\$s/g)].map((x) => Number(x[1])));
      expect([...used].sort((a, b) => a - b)).toEqual(m.args.map((_, i) => i + 1));
      expect(m.body).not.toMatch(/%(?!\d+\$s)/); // no stray % for format()
    }
  });
});
