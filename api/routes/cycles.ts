// Annual cycles: start `cycle-{year}` idempotently and read its phase (workflow Query + read model).
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { z } from 'zod';
import { calendarOrderProblems, defaultCalendar, MILESTONE_LABELS, PHASE_LABELS, type CyclePhase, type ProgrammeCalendar } from '../../domain/programmeCalendar';
import { categoryConfigWith } from '../../domain/category/categoryConfig';
import { missingScheduleYears } from '../../domain/calendar/officialSchedule';
import { cycleHolidaySchedule } from '../../data/holidayScheduleFile';
import type { HolidayCalendar } from '../../domain/workingDays';
import type { PrismaClient } from '../../prisma/client';
import { writeAudit } from '../../data/audit';
import { activeCategoryRules } from '../../data/categoryRules';
import type { CategoryConfig } from '../../domain/category/categoryConfig';
import { cyclesNewestFirst, findCycle } from '../../data/cycles';
import { cycleStateQuery, type AnnualCycleWorkflow, type CycleState } from '../../messages/cycleMessages';
import { cycleWorkflowId, TASK_QUEUE, typingRunId } from '../../messages/ids';
import { typingProgressQuery } from '../../messages/typingMessages';
import { CycleYear, Phase } from '../../messages/searchAttributes';
import { principalOf, requireRole } from '../auth';
import { parseRequest } from '../contract';
import { getCycle, listCycles, startCycle, type cycleViewSchema } from '../contracts/cycles';
import { ApiError, notFound } from '../errors';
import { workflowGateway } from '../workflowCalls';

type CycleView = z.infer<typeof cycleViewSchema>;

export interface CycleRouterDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue?: string;
}

/** The schedule as the API shows it, with the years of the cycle's window it lacks (their deadlines refuse). */
function holidayView(calendar: ProgrammeCalendar | undefined, schedule: HolidayCalendar | null): CycleView['holidays'] {
  if (!schedule?.years) return null; // started before the official calendar: weekends only
  return {
    source: schedule.source ?? '',
    years: schedule.years,
    missingYears: calendar ? missingScheduleYears(calendar, schedule) : [],
    holidays: schedule.holidays,
    workdays: schedule.workdays,
  };
}

/** The rules version the cycle took (its input, then its read model); null when started before versions existed. */
function rulesOfCycle(fromState: CycleState['categoryRules'], readModelConfig: unknown): CycleView['categoryRules'] {
  return fromState ?? (readModelConfig as CategoryConfig | null)?.rules ?? null;
}

export function cycleRouter({ prisma, temporal, taskQueue = TASK_QUEUE }: CycleRouterDeps): Router {
  const router = Router();
  const workflows = workflowGateway(temporal);

  async function cycleView(year: number): Promise<CycleView | null> {
    const workflowId = cycleWorkflowId(year);
    const [description, readModel] = await Promise.all([workflows.describe(workflowId), findCycle(prisma, year)]);
    if (!description) return null;
    // The Query needs a worker; without one, answer from the read model and say so.
    const state: CycleState | null = await workflows.queryOrNull(workflowId, cycleStateQuery);
    const phase = (state?.phase ?? readModel?.phase ?? 'PLANNED') as CyclePhase;
    const runningTyping = phase === 'TYPING' || phase === 'RERUN' ? typingRunId(year, phase === 'TYPING' ? 'ANNUAL' : 'RERUN') : null;
    const typingProgress = runningTyping ? await workflows.queryOrNull(runningTyping, typingProgressQuery) : null;
    const calendarOf = state?.calendar ?? (readModel?.calendar as ProgrammeCalendar);
    return {
      year,
      workflowId: description.workflowId,
      status: description.status.name as CycleView['status'],
      phase,
      phaseLabel: PHASE_LABELS[phase],
      source: state ? 'workflow' : 'readModel',
      calendar: calendarOf,
      history: state?.history ?? [],
      readModel: readModel ? { phase: readModel.phase, updatedAt: readModel.updatedAt.toISOString() } : null,
      runs: state?.runs ?? [],
      typingProgress,
      statistics: state?.statistics ?? readModel?.statistics ?? null,
      categoryRules: rulesOfCycle(state?.categoryRules, readModel?.categoryConfig),
      holidays: holidayView(calendarOf, state ? state.holidays ?? null : ((readModel?.holidays ?? null) as HolidayCalendar | null)),
      selection: state?.selection
        ? { ...state.selection, selected: state.selection.selected.length, promoted: state.selection.promoted.length, confirmed: state.selection.confirmed.length }
        : null,
    };
  }

  router.post(startCycle.path, requireRole(...startCycle.roles), async (req, res) => {
    const { body } = parseRequest(startCycle, req);
    const principal = principalOf(res);
    const calendar: ProgrammeCalendar = { ...defaultCalendar(body.year), ...body.calendar };
    const outOfOrder = calendarOrderProblems(calendar);
    if (outOfOrder.length > 0) {
      throw new ApiError(
        422,
        'CALENDAR_OUT_OF_ORDER',
        `日程节点顺序不正确：${outOfOrder.map(([a, b]) => `「${MILESTONE_LABELS[a]}」晚于「${MILESTONE_LABELS[b]}」`).join('；')}`,
        outOfOrder.map(([earlier, later]) => ({ earlier, later })),
      );
    }
    // The schedule in force is fixed here, outside the workflow, and recorded in its history as input.
    const holidays = cycleHolidaySchedule(calendar);
    // Likewise the 名特优新 rules: the ACTIVE version's, copied into the input (a later activation changes
    // nothing in this cycle); the body's overrides apply on top (drills).
    const active = await activeCategoryRules(prisma);
    const category = categoryConfigWith(body.category, active);
    // Started once: a second request for the year (or a finished cycle) is answered with the existing cycle.
    const created = await workflows.start<AnnualCycleWorkflow>('annualCycleWorkflow', {
      workflowId: cycleWorkflowId(body.year),
      taskQueue,
      args: [{ year: body.year, calendar, category, holidays }],
      memo: { categoryRules: active.ref.id },
      // One cycle per year, ever: a finished cycle is not started again under the same id.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: CycleYear, value: body.year },
        { key: Phase, value: 'PLANNED' },
      ],
      staticSummary: `${body.year} 年度个体工商户分型分类周期`,
    });
    if (created) {
      await writeAudit(prisma, {
        actorId: principal.id,
        actorRole: principal.role,
        action: 'CYCLE_STARTED',
        targetType: 'cycle',
        targetId: String(body.year),
        after: { year: body.year, calendar, category: body.category ?? {}, categoryRules: active.ref, holidays: { source: holidays.source, years: holidays.years } },
        requestId: res.locals.requestId as string,
      });
    }
    const view = await cycleView(body.year);
    res.status(created ? 201 : 200).json(view);
  });

  router.get(listCycles.path, requireRole(...listCycles.roles), async (_req, res) => {
    const cycles = await cyclesNewestFirst(prisma);
    res.json({ items: cycles.map((c) => ({ year: c.year, workflowId: c.workflowId, phase: c.phase, updatedAt: c.updatedAt.toISOString() })) });
  });

  router.get(getCycle.path, requireRole(...getCycle.roles), async (req, res) => {
    const { params } = parseRequest(getCycle, req);
    const view = await cycleView(params.year);
    if (!view) throw notFound('CYCLE_NOT_FOUND', `${params.year} 年度周期不存在`);
    res.json(view);
  });

  return router;
}
