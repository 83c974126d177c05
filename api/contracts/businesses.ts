// Contracts of the business profile (with the typing explanation), the directory and its exports.
import { z } from 'zod';
import { COUNTY_CODES } from '../../domain/roles';
import { uscc as usccField } from '../../domain/feeds/fields';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

const year = z.coerce.number().int().min(2024).max(2100);
const typeCode = z.enum(['D', 'G', 'S', 'UNTYPED']);
const errors = errorResponses([400, 401, 403, 404], { 403: '无权限（经营者只能查看本户；县级人员只能查看本辖区）' });

const explanationSchema = z.object({
  type: z.string(),
  typeLabel: z.string(),
  summary: z.string(),
  features: z.array(z.object({
    name: z.string(), label: z.string(), value: z.union([z.number(), z.string(), z.boolean(), z.null()]), field: z.string().nullable(),
    department: z.string().nullable(), asOf: z.string().nullable(), correctedBy: z.string().nullable(),
  })),
  conditions: z.array(z.object({ type: z.string(), label: z.string(), met: z.boolean(), lines: z.array(z.string()) })),
});

export const businessViewSchema = z
  .object({
    uscc: z.string(),
    tradeName: z.string().nullable(),
    operatorName: z.string().nullable().describe('已脱敏'),
    county: z.string(),
    countyName: z.string().nullable(),
    industryCode: z.string(),
    establishedOn: z.string(),
    status: z.string(),
    typing: z
      .object({ year: z.number().int(), runId: z.string(), rulesetId: z.string(), type: typeCode, typeLabel: z.string(), reason: z.string().nullable(), explanation: explanationSchema })
      .nullable(),
    categoryLabels: z
      .array(z.object({ year: z.number().int(), category: z.string(), categoryLabel: z.string(), channel: z.string(), designatedOn: z.string(), validUntil: z.string(), status: z.string() }))
      .describe('名特优新认定（有效期 3 年）'),
  })
  .meta({ id: 'Business' });

export const getBusiness = defineEndpoint({
  method: 'get',
  path: '/api/v1/businesses/:uscc',
  summary: '个体工商户概况与分型结果（含理由：「为什么我是生存型？」）',
  tag: 'typing',
  roles: ['HOUSEHOLD', 'GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'],
  params: z.object({ uscc: usccField }),
  query: z.object({ year: year.optional().describe('培育年度；默认为最近一个已发布分型的年度') }),
  responses: { 200: { description: '概况与分型', schema: businessViewSchema }, ...errors },
});

export const directoryQuery = z.object({
  year,
  type: typeCode.optional(),
  county: z.enum(COUNTY_CODES).optional(),
  industry: z.string().regex(/^\d{2,4}$/).optional().describe('GB/T 4754 代码前缀'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.string().max(18).optional().describe('上一页最后一条的统一社会信用代码（游标分页）'),
});

const directoryItem = z.object({ uscc: z.string(), tradeName: z.string().nullable(), county: z.string(), industryCode: z.string(), type: typeCode, typeLabel: z.string() });

export const listDirectory = defineEndpoint({
  method: 'get',
  path: '/api/v1/directory',
  summary: '分型名录（按年度、类型、县市区、行业筛选，游标分页）',
  tag: 'typing',
  roles: ['GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'],
  query: directoryQuery,
  responses: {
    200: {
      description: '名录',
      schema: z.object({
        year: z.number().int(), runId: z.string(),
        items: z.array(directoryItem),
        nextAfter: z.string().nullable(),
      }),
    },
    ...errors,
  },
});

export const exportDirectory = defineEndpoint({
  method: 'get',
  path: '/api/v1/directory/export',
  summary: '导出名录（分型标签与名特优新标签；CSV、JSON 或 xlsx，流式）',
  tag: 'typing',
  roles: ['COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'],
  query: directoryQuery.omit({ limit: true, after: true }).extend({ format: z.enum(['csv', 'json', 'xlsx']).default('csv') }),
  responses: {
    200: {
      description: 'format=csv：text/csv（UTF-8，带 BOM；以 =、+、-、@ 开头的单元格前加单引号，表格软件不会当作公式执行）；format=json：对象数组；format=xlsx：工作簿（中文表头，单元格均为文本）',
      schema: z.array(directoryItem), contentTypes: ['text/csv', 'application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
    ...errors,
  },
});
