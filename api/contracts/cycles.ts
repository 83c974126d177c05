// Contracts of the annual-cycle endpoints.
import { z } from 'zod';
import { CALENDAR_MILESTONES, CYCLE_PHASES } from '../../domain/programmeCalendar';
import { AMR_STAFF } from '../../domain/roles';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

const instant = z.iso.datetime({ offset: true }).describe('ISO-8601 时间（含时区）');
const year = z.coerce.number().int().min(2024).max(2100).describe('培育年度');

const calendarShape = Object.fromEntries(CALENDAR_MILESTONES.map((m) => [m, instant])) as Record<
  (typeof CALENDAR_MILESTONES)[number],
  typeof instant
>;
export const calendarSchema = z.object(calendarShape).meta({ id: 'ProgrammeCalendar', description: '年度日程（各节点时间）' });

const day = z.iso.date();
export const holidayScheduleSchema = z
  .object({
    source: z.string().describe('数据来源（chinese-days 版本及仓库补录文件）'),
    years: z.array(z.number().int()).describe('已有国务院办公厅放假安排的年份'),
    missingYears: z.array(z.number().int()).describe('周期日程所跨而尚无放假安排的年份：其中的工作日期限将拒绝计算'),
    holidays: z.array(day).describe('法定节假日（放假日）'),
    workdays: z.array(day).describe('调休上班的周末'),
  })
  .meta({ id: 'HolidaySchedule' });

export const startCycleBody = z
  .strictObject({
    year: z.number().int().min(2024).max(2100).describe('培育年度'),
    calendar: calendarSchema.partial().optional().describe('覆盖默认日程的节点（演练时压缩日期）'),
    category: z
      .strictObject({
        quotaRatio: z.number().gt(0).max(0.05, '入库比例不得超过 5%').optional().describe('名额比例（默认 0.05）'),
        quotaBase: z.enum(['GROWTH_PLUS_DEVELOPMENT', 'ALL_TYPED', 'APPLICANTS']).optional().describe('名额基数（默认成长型+发展型户数）'),
        quotaUnit: z.enum(['CITY', 'COUNTY']).optional().describe('排名单位：全市统一排名（默认），或按各县基数分配名额、县内排名'),
        passLine: z.number().min(0).max(100).optional().describe('评分及格线（默认 60）'),
        noticeWorkingDays: z.number().int().min(1).max(30).optional().describe('公示工作日数（默认 5）'),
        reviewWorkingDays: z.number().int().min(1).max(30).optional(),
        visitWorkingDays: z.number().int().min(1).max(30).optional(),
        designationYears: z.number().int().min(1).max(5).optional().describe('认定有效期（年，默认 3）'),
      })
      .optional()
      .describe('本年度名特优新遴选参数（未给出的取默认值）'),
  })
  .meta({ id: 'StartCycleRequest' });

export const cycleViewSchema = z
  .object({
    year: z.number().int(),
    workflowId: z.string(),
    status: z.enum(['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT', 'CONTINUED_AS_NEW', 'UNKNOWN']),
    phase: z.enum(CYCLE_PHASES),
    phaseLabel: z.string(),
    source: z.enum(['workflow', 'readModel']).describe('phase 来自流程查询（workflow）或读模型（readModel）'),
    calendar: calendarSchema,
    history: z.array(z.object({ phase: z.enum(CYCLE_PHASES), at: z.string() })),
    readModel: z.object({ phase: z.string(), updatedAt: z.string() }).nullable(),
    runs: z
      .array(z.object({ runId: z.string(), total: z.number().int(), counts: z.record(z.string(), z.number().int()), exportedRows: z.number().int(), at: z.string() }))
      .describe('已完成的分型批次（年度分型、9月30日重新分型）'),
    typingProgress: z.object({ runId: z.string(), rangesDone: z.number().int(), rangesTotal: z.number().int() }).nullable().describe('正在进行的分型批次进度'),
    statistics: z.unknown().nullable().describe('年度统计（周期结束时生成）'),
    selection: z
      .object({
        registered: z.number().int(), scored: z.number().int(), base: z.number().int().nullable(), cap: z.number().int().nullable(),
        selected: z.number().int(), promoted: z.number().int(), confirmed: z.number().int(), rankedAt: z.string().nullable(), confirmedAt: z.string().nullable(),
      })
      .nullable()
      .describe('名特优新遴选进度：登记、评分、名额基数与上限、入选、递补、确认'),
    categoryRules: z
      .object({ id: z.string(), version: z.string() })
      .nullable()
      .describe('本周期采用的名特优新规则版本（启动时确定，此后启用的新版本不影响本周期）；为空表示周期启动于规则版本化之前（内置默认规则）'),
    holidays: holidayScheduleSchema
      .nullable()
      .describe('本周期适用的法定节假日安排（启动时确定，记入流程历史）；为空表示周期启动于官方日历之前，仅跳过周末'),
  })
  .meta({ id: 'Cycle' });

const errors = errorResponses([400, 401, 403, 503]);

export const startCycle = defineEndpoint({
  method: 'post',
  path: '/api/v1/cycles',
  summary: '启动年度周期（幂等：已存在则返回现有周期）',
  tag: 'cycles',
  roles: ['CITY_AMR', 'PROVINCIAL_AMR'],
  body: startCycleBody,
  responses: {
    201: { description: '已启动', schema: cycleViewSchema },
    200: { description: '该年度周期已存在', schema: cycleViewSchema },
    422: { description: '日程节点顺序不正确', schema: errorBodySchema },
    ...errors,
  },
});

export const getCycle = defineEndpoint({
  method: 'get',
  path: '/api/v1/cycles/:year',
  summary: '查询年度周期的阶段与进度',
  tag: 'cycles',
  roles: [...AMR_STAFF, 'AUDITOR'],
  params: z.object({ year }),
  responses: { 200: { description: '周期', schema: cycleViewSchema }, 404: { description: '周期不存在', schema: errorBodySchema }, ...errors },
});

export const listCycles = defineEndpoint({
  method: 'get',
  path: '/api/v1/cycles',
  summary: '列出年度周期（读模型）',
  tag: 'cycles',
  roles: [...AMR_STAFF, 'AUDITOR'],
  responses: {
    200: {
      description: '周期列表',
      schema: z.object({ items: z.array(z.object({ year: z.number().int(), workflowId: z.string(), phase: z.string(), updatedAt: z.string() })) }),
    },
    ...errors,
  },
});
