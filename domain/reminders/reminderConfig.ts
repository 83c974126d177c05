// Credit-repair and annual-report reminders (docs/policy.md#p-credit-repair-reminder,
// docs/policy.md#p-annual-report-reminder): when each is due. Every number here is a PLACEHOLDER default
// carried in the reminder workflow's input so a deployment
// changes it without a code change. Pure: the workflow and data/reminders.ts both read it.

export interface ReminderConfig {
  /** Months after the decision when repair becomes possible (PLACEHOLDER 6, docs/policy.md#p-credit-repair-reminder). */
  repairAfterMonths: number;
  /** The same in the stricter domains (PLACEHOLDER 12: food, drug, special equipment). */
  repairAfterMonthsStrict: number;
  /** Penalty domains with the stricter wait. */
  strictDomains: string[];
  /** A penalty with any of these measures cannot be repaired, so no reminder (docs/policy.md#p-credit-repair-reminder). */
  unrepairableMeasures: string[];
  /** The annual-report reminder's day (PLACEHOLDER June 1), before the deadline. */
  annualReport: { remindMonth: number; remindDay: number; deadlineMonth: number; deadlineDay: number };
  /** Hour of the day (Asia/Shanghai) the day's reminders go out (PLACEHOLDER 9). */
  sendHour: number;
  /**
   * The workflow looks again at least this often, even when nothing known is due sooner: penalties and
   * accounts fed in the meantime are reminded within this many days of their date.
   */
  recheckDays: number;
}

export const DEFAULT_REMINDER_CONFIG: ReminderConfig = {
  repairAfterMonths: 6,
  repairAfterMonthsStrict: 12,
  strictDomains: ['food', 'drug', 'special_equipment'],
  unrepairableMeasures: ['责令停产停业', '吊销许可证件', '限制从业', '责令关闭', '限制开展生产经营活动'],
  annualReport: { remindMonth: 6, remindDay: 1, deadlineMonth: 6, deadlineDay: 30 },
  sendHour: 9,
  recheckDays: 1,
};

/** The defaults with a deployment's overrides, field by field. */
export function withReminderDefaults(given: Partial<ReminderConfig> = {}): ReminderConfig {
  return { ...DEFAULT_REMINDER_CONFIG, ...given, annualReport: { ...DEFAULT_REMINDER_CONFIG.annualReport, ...given.annualReport } };
}

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The annual-report window of a calendar year: [remind, deadline] as YYYY-MM-DD. */
export function annualReportWindow(year: number, config: ReminderConfig): { remindOn: string; deadline: string } {
  const a = config.annualReport;
  return { remindOn: `${year}-${pad(a.remindMonth)}-${pad(a.remindDay)}`, deadline: `${year}-${pad(a.deadlineMonth)}-${pad(a.deadlineDay)}` };
}

/**
 * The annual-report reminder that may go out on `date`: within [remind day, deadline] of the date's year,
 * the households the latest run of the year before left UNTYPED for NO_ANNUAL_REPORT are told to file the
 * report for that year (typing year Y reads the report for Y−1; its UNTYPED households owe the one for Y
 * by June 30 of Y+1). Null outside the window.
 */
export function annualReportDue(date: string, config: ReminderConfig): { typingYear: number; reportYear: number; deadline: string } | null {
  const year = Number(date.slice(0, 4));
  const { remindOn, deadline } = annualReportWindow(year, config);
  if (date < remindOn || date > deadline) return null;
  return { typingYear: year - 1, reportYear: year - 1, deadline };
}

/** The next annual-report reminder day strictly after `date`. */
export function nextAnnualReportDay(date: string, config: ReminderConfig): string {
  const year = Number(date.slice(0, 4));
  const thisYear = annualReportWindow(year, config).remindOn;
  return thisYear > date ? thisYear : annualReportWindow(year + 1, config).remindOn;
}

/**
 * The day the workflow next looks: the earliest known due day after today, but no later than
 * `recheckDays` after today.
 */
export function nextLookDay(today: string, nextDue: string | null, config: ReminderConfig): string {
  const cap = addDays(today, Math.max(1, config.recheckDays));
  return nextDue !== null && nextDue < cap ? nextDue : cap;
}
