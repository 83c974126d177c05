// What the application routers (one per audience: household.ts, staff.ts, departments.ts, public.ts) share:
// the cycle's settings, the declaration window, and starting an application workflow
// `application-{year}-{uscc}` once (the `application` table is its read model).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type pg from 'pg';
import { APPLICATION_STATUSES, CATEGORIES, REOPENABLE_STATUSES, type ApplicationStatus, type CategoryCode } from '../../../domain/category/categories';
import { DEFAULT_CATEGORY_CONFIG, type CategoryConfig } from '../../../domain/category/categoryConfig';
import { declarationWindow, type ProgrammeCalendar } from '../../../domain/programmeCalendar';
import { addWorkingDays, NO_HOLIDAYS, type HolidayCalendar } from '../../../domain/workingDays';
import type { PrismaClient } from '../../../prisma/client';
import type { ApplicationInput, ApplicationView, Recommendation } from '../../../messages/applicationMessages';
import { applicationWorkflowId, TASK_QUEUE } from '../../../messages/ids';
import { ApplicationStatus as StatusAttribute, Category, County, CycleYear } from '../../../messages/searchAttributes';
import type { AbuseLimits } from '../../abuseLimits';
import { reachableBusiness, type Principal } from '../../auth';
import { ApiError } from '../../errors';
import { workflowGateway } from '../../workflowCalls';
import { findApplication } from '../../../data/applications';
import { findBusinessOrThrow } from '../../../data/businesses';
import { findCycle } from '../../../data/cycles';

export interface ApplicationRouterDeps {
  prisma: PrismaClient;
  pool: pg.Pool;
  temporal: Client;
  taskQueue?: string;
  limits?: AbuseLimits;
}

export const IN_NOTICE: ApplicationStatus[] = ['IN_PUBLICITY', 'OBJECTION_RAISED'];
export const OBJECTION_STATUS_LABELS = { RECEIVED: '已收到，处理中', NOT_ACCEPTED: '不予受理', UPHELD: '异议成立', DISMISSED: '异议不成立' } as const;
export const maskPhone = (phone: string) => phone.replace(/^(\d{3})\d*(\d{4})$/, '$1****$2');
/** The cycle's 名特优新 settings (a cycle started before they were recorded follows the defaults). */
export const configOf = (cycle: { categoryConfig: unknown } | null): CategoryConfig => (cycle?.categoryConfig as CategoryConfig | null) ?? DEFAULT_CATEGORY_CONFIG;
/** The cycle's official holiday schedule (its input, in the read model); none on cycles started before it. */
export const holidaysOf = (cycle: { holidays: unknown } | null): HolidayCalendar => (cycle?.holidays as HolidayCalendar | null) ?? NO_HOLIDAYS;
export const longestSla = (config: CategoryConfig) =>
  Math.max(config.reviewWorkingDays, config.visitWorkingDays, config.noticeWorkingDays, config.objectionAcceptanceWorkingDays, config.objectionVerificationWorkingDays, config.confirmationWorkingDays);
export const withLabel = (view: ApplicationView) => ({ ...view, statusLabel: APPLICATION_STATUSES[view.status] });

export type ApplicationSteps = ReturnType<typeof applicationSteps>;

/** The steps several audiences take: reaching a business, the open cycle, starting an application once. */
export function applicationSteps({ prisma, temporal, taskQueue = TASK_QUEUE }: ApplicationRouterDeps) {
  const workflows = workflowGateway(temporal);

  const reachable = (p: Principal, uscc: string) => reachableBusiness(prisma, p, uscc, '经营者只能查看和办理本户的申请');

  /** The cycle of `year` while declarations are open: after the annual labels, before declarations close. */
  async function openCycle(year: number) {
    const cycle = await findCycle(prisma, year);
    const calendar = cycle?.calendar as ProgrammeCalendar | undefined;
    if (!cycle || !calendar) throw new ApiError(422, 'DECLARATION_WINDOW_CLOSED', `${year} 年度当前不在名特优新申报推荐期内（7 月底分型结束后至 9 月 30 日）`);
    const window = declarationWindow(calendar, cycle.phase);
    if (!window.open) throw new ApiError(422, window.code, `${year} 年度${window.reason}`);
    return { cycle, calendar };
  }

  async function startApplication(args: {
    year: number; uscc: string; category: CategoryCode; channel: 'SELF' | 'RECOMMENDED'; principal: Principal;
    declared: ApplicationInput['declared']; recommendation?: Recommendation;
  }): Promise<{ input: ApplicationInput; started: boolean }> {
    const { cycle, calendar } = await openCycle(args.year);
    const holidays = holidaysOf(cycle);
    // Refuse here, with a clear answer, rather than let the workflow stall on a deadline it cannot count.
    addWorkingDays(new Date(), longestSla(configOf(cycle)), holidays);
    const business = await findBusinessOrThrow(prisma, args.uscc);
    const existing = await findApplication(prisma, args.year, args.uscc);
    if (existing && !REOPENABLE_STATUSES.includes(existing.status as ApplicationStatus)) {
      throw new ApiError(409, 'APPLICATION_EXISTS', `该户 ${args.year} 年度已有名特优新申请（${APPLICATION_STATUSES[existing.status as ApplicationStatus]}），每户每年只能申报一个类别`);
    }
    const config = configOf(cycle);
    const input: ApplicationInput = {
      applicationId: randomUUID(), year: args.year, uscc: args.uscc, county: business.county, category: args.category, channel: args.channel,
      // Which groups the business belongs to stays in the database: the workflow learns only whether the gate relaxes for it.
      submittedBy: { id: args.principal.id, role: args.principal.role }, submittedAt: new Date().toISOString(), specialGroups: [],
      inRelaxedGroup: business.specialGroups.some((g) => config.gate.relaxedGroups.includes(g)),
      declared: args.declared, ...(args.recommendation ? { recommendation: args.recommendation } : {}),
      calendar, config: configOf(cycle), holidays, cycleWorkflowId: cycle.workflowId,
    };
    // Not started when an application of the household and year is running (started a moment ago).
    const started = await workflows.start<(i: ApplicationInput) => Promise<ApplicationView>>('categoryApplicationWorkflow', {
      workflowId: applicationWorkflowId(args.year, args.uscc),
      taskQueue,
      args: [input],
      // One running application per household and year; a new one only after a refused gate or a withdrawal.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      // A refused gate keeps its workflow open for an appeal (docs/policy.md#p-appeal): declaring again
      // instead ends that wait (an appeal under review is not REJECTED_GATE and was refused above).
      ...(existing?.status === 'REJECTED_GATE' ? { workflowIdConflictPolicy: WorkflowIdConflictPolicy.TERMINATE_EXISTING } : {}),
      typedSearchAttributes: [
        { key: CycleYear, value: args.year }, { key: Category, value: args.category }, { key: County, value: business.county },
        { key: StatusAttribute, value: args.channel === 'SELF' ? 'SUBMITTED' : 'RECOMMENDED' },
      ],
      staticSummary: `名特优新申请 ${args.year}（${CATEGORIES[args.category]}）`,
    });
    return { input, started };
  }


  return { workflows, reachable, openCycle, startApplication };
}
