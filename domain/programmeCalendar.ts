// The annual calendar (docs/policy.md#p-cal-milestones) as per-cycle configuration. Defaults are Suizhou's; a drill may
// compress them. All instants are ISO-8601 UTC strings so they travel through Temporal unchanged.
import { shanghaiDateTime, shanghaiInstant } from './shanghaiTime';

export const CALENDAR_MILESTONES = [
  'opensAt',              // Jul 1 00:00 — data cut-off, annual typing run starts
  'typingDueAt',          // end of July — typing done, labels in the directory, declarations open
  'nationalReportDueAt',  // end of Aug 15 — labels aggregated to the national directory
  'rerunAt',              // Sep 30 18:00 — recheck window closes, automatic re-run with corrections
  'declarationClosesAt',  // end of Sep 30 — declarations and recommendations close
  'rankingAt',            // Oct 16 — reviews and visits done: ranking within the quota, public notice starts
  'reviewEndsAt',         // end of Oct 31 — review, visits, scoring, public notice, objections done
  'closesAt',             // end of Nov 30 — 名特优新 ingested, cycle closes with the year's statistics
] as const;

export type CalendarMilestone = (typeof CALENDAR_MILESTONES)[number];
export type ProgrammeCalendar = Record<CalendarMilestone, string>;

export const MILESTONE_LABELS: Record<CalendarMilestone, string> = {
  opensAt: '年度分型启动（数据截止）',
  typingDueAt: '分型完成、名录标注、申报开始',
  nationalReportDueAt: '汇总至全国个体工商户名录截止',
  rerunAt: '复核结束、系统重新分型',
  declarationClosesAt: '名特优新申报与推荐截止',
  rankingAt: '审核走访评分截止、排名遴选并开始公示',
  reviewEndsAt: '审核、走访打分、公示与异议处理截止',
  closesAt: '名特优新入库截止、年度周期结束',
};

/** Suizhou's default calendar for programme year `year`. */
export function defaultCalendar(year: number): ProgrammeCalendar {
  const at = (m: number, d: number, h = 0) => shanghaiInstant(year, m, d, h).toISOString();
  return {
    opensAt: at(7, 1),
    typingDueAt: at(8, 1),
    nationalReportDueAt: at(8, 16),
    rerunAt: at(9, 30, 18),
    declarationClosesAt: at(10, 1),
    rankingAt: at(10, 16),
    reviewEndsAt: at(11, 1),
    closesAt: at(12, 1),
  };
}

/** Whether a declaration or a sector recommendation may be made at `at`, and if not, why (Chinese). */
export type DeclarationWindow = { open: true } | { open: false; code: 'DECLARATION_NOT_OPEN' | 'DECLARATION_WINDOW_CLOSED'; reason: string };

/**
 * The declaration window (docs/policy.md#p-cal-declarations): from the end of typing (`typingDueAt`, end of July) to
 * the end of Sept 30 (`declarationClosesAt`), and only once the cycle's July labels are out (phase
 * RECHECK_WINDOW or RERUN): a typing run that finished early does not open it sooner, one still running
 * at the end of July keeps it shut until the labels are published.
 */
export function declarationWindow(calendar: ProgrammeCalendar, phase: string, at: Date | string | number = Date.now()): DeclarationWindow {
  const t = typeof at === 'number' ? at : new Date(at).getTime();
  if (t >= Date.parse(calendar.declarationClosesAt) || ['CATEGORY_REVIEW', 'INGESTION', 'CLOSED'].includes(phase)) {
    return { open: false, code: 'DECLARATION_WINDOW_CLOSED', reason: `名特优新申报推荐已于 ${shanghaiDateTime(calendar.declarationClosesAt)}（北京时间）截止` };
  }
  if (t < Date.parse(calendar.typingDueAt) || !['RECHECK_WINDOW', 'RERUN'].includes(phase)) {
    return { open: false, code: 'DECLARATION_NOT_OPEN', reason: `名特优新申报推荐尚未开始：分型结束、标注公布后于 ${shanghaiDateTime(calendar.typingDueAt)}（北京时间）开始` };
  }
  return { open: true };
}

/** Milestones out of order, as [earlier, later] pairs; empty when the calendar is consistent. */
export function calendarOrderProblems(calendar: ProgrammeCalendar): Array<[CalendarMilestone, CalendarMilestone]> {
  const problems: Array<[CalendarMilestone, CalendarMilestone]> = [];
  for (let i = 1; i < CALENDAR_MILESTONES.length; i++) {
    const before = CALENDAR_MILESTONES[i - 1]!;
    const after = CALENDAR_MILESTONES[i]!;
    if (Date.parse(calendar[before]) > Date.parse(calendar[after])) problems.push([before, after]);
  }
  return problems;
}

/** The phases of a cycle, in order (the `Phase` search attribute). */
export const CYCLE_PHASES = [
  'PLANNED',          // started before Jul 1
  'TYPING',           // Jul 1: annual typing run
  'RECHECK_WINDOW',   // labels published; national report; rechecks through Q3
  'RERUN',            // Sep 30: re-run with corrections
  'CATEGORY_REVIEW',  // Oct: 名特优新 review, scoring, quota, public notice
  'INGESTION',        // Nov: confirmation and ingestion
  'CLOSED',           // Nov 30: statistics, done
] as const;

export type CyclePhase = (typeof CYCLE_PHASES)[number];

export const PHASE_LABELS: Record<CyclePhase, string> = {
  PLANNED: '待启动',
  TYPING: '年度分型',
  RECHECK_WINDOW: '名录标注与复核',
  RERUN: '重新分型',
  CATEGORY_REVIEW: '名特优新审核遴选',
  INGESTION: '确认入库',
  CLOSED: '已结束',
};
