// Contracts of the monitoring statistics (统计监测, docs/policy.md#p-statistics): one GET per view with
// the same filters and the same tabular answer (Chinese headers, rows, totals), the 决策参考 workbook (one
// sheet per view), and the county's 联系点 monitoring households (docs/policy.md#p-monitoring-panel).
import { z } from 'zod';
import { STAT_VIEW_KEYS } from '../../data/statistics';
import { uscc as usccField } from '../../domain/feeds/fields';
import { INDUSTRY_SECTIONS } from '../../domain/industrySections';
import { COUNTY_CODES, type Role } from '../../domain/roles';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

export const STATISTICS_READERS: readonly Role[] = ['GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'];
/** The county chooses its monitoring households. */
export const PANEL_WRITERS: readonly Role[] = ['COUNTY_AMR'];

const year = z.coerce.number().int().min(2024).max(2100);
export const statisticsQuery = z.strictObject({
  year: year.describe('统计年度（以该年度发布的分型结果为准；同比为上一年度）'),
  county: z.enum(COUNTY_CODES).optional().describe('县（市、区）代码；县级人员只能看到本县'),
  industry: z.enum(INDUSTRY_SECTIONS.map((s) => s.letter) as [string, ...string[]]).optional().describe('GB/T 4754 门类字母'),
});

const cell = z.union([z.string(), z.number(), z.null()]);
const column = z.object({ key: z.string(), header: z.string(), sum: z.boolean(), restricted: z.boolean(), labels: z.record(z.string(), z.string()).optional() });
const table = z.object({
  view: z.string(), title: z.string(), year: z.number().int(), county: z.string().nullable(), industry: z.string().nullable(),
  columns: z.array(column),
  rows: z.array(z.record(z.string(), cell)),
  totals: z.record(z.string(), z.number().nullable()).describe('可加总列（户数、人数）的合计；受限列为 null'),
  withheld: z.array(z.string()).describe('因涉及税务、社保数据而对当前身份不提供的列（值为 null）'),
  meta: z.record(z.string(), cell).optional(),
}).meta({ id: 'StatisticsTable' });

const errors = errorResponses([400, 401, 403]);

export const statisticsView = defineEndpoint({
  method: 'get',
  path: '/api/v1/statistics/:view',
  summary: '统计监测：分型结构（逐年）、类型迁移、活跃度、存续与退出、吸纳就业、名特优新与名额上限、政策享受、复核与异议、办理时限、数据时效（县级人员只看本县）',
  tag: 'statistics',
  roles: STATISTICS_READERS,
  params: z.object({ view: z.enum(STAT_VIEW_KEYS) }),
  query: statisticsQuery,
  responses: { 200: { description: '统计表（中文列名、行、合计）', schema: table }, ...errors },
});

export const statisticsWorkbook = defineEndpoint({
  method: 'get',
  path: '/api/v1/statistics/workbook.xlsx',
  summary: '决策参考统计工作簿（xlsx，每个统计一张工作表，含联系点监测户）',
  tag: 'statistics',
  roles: STATISTICS_READERS,
  query: statisticsQuery,
  responses: { 200: { description: 'xlsx 工作簿', contentTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] }, ...errors },
});

const yearPoint = z.object({
  year: z.number().int(), type: z.string(), reportedOnTime: z.boolean(), revenue: z.number().nullable(),
  insuredEmployees: z.number().nullable(), taxPaid: z.number().nullable(),
});
export const monitoringPanel = defineEndpoint({
  method: 'get',
  path: '/api/v1/statistics/panel',
  summary: '联系点监测户：县选定的监测户及其历年类型与指标（县级人员只看本县）',
  tag: 'statistics',
  roles: STATISTICS_READERS,
  query: statisticsQuery,
  responses: {
    200: {
      description: '监测户及其历年情况（按年度；税务、社保值对无权身份为 null）',
      schema: z.object({
        year: z.number().int(), county: z.string().nullable(), withheld: z.array(z.string()),
        households: z.array(z.object({ uscc: z.string(), tradeName: z.string().nullable(), county: z.string(), reason: z.string(), status: z.string(), years: z.array(yearPoint) })),
      }).meta({ id: 'MonitoringPanel' }),
    },
    ...errors,
  },
});

const pointParams = z.object({ year, uscc: usccField });
const reasonBody = z.strictObject({ reason: z.string().trim().min(1, '请填写理由').max(500) });

export const addMonitoringPoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/statistics/panel/:year/:uscc',
  summary: '将本县一户设为该年度联系点监测户（须填写理由；留痕）',
  tag: 'statistics',
  roles: PANEL_WRITERS,
  params: pointParams,
  body: reasonBody,
  responses: {
    201: { description: '已设为监测户', schema: z.object({ year: z.number().int(), uscc: z.string(), county: z.string(), reason: z.string() }) },
    409: { description: '该户已是本年度监测户（ALREADY_MONITORED）', schema: errorBodySchema },
    ...errorResponses([400, 401, 403, 404]),
  },
});

export const removeMonitoringPoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/statistics/panel/:year/:uscc/remove',
  summary: '移出联系点监测户（须填写理由；记录保留并留痕）',
  tag: 'statistics',
  roles: PANEL_WRITERS,
  params: pointParams,
  body: reasonBody,
  responses: {
    200: { description: '已移出', schema: z.object({ year: z.number().int(), uscc: z.string(), removed: z.literal(true) }) },
    ...errorResponses([400, 401, 403, 404]),
  },
});
