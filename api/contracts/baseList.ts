// Contract of the base list (基础名单, docs/policy.md#p-base-list): the candidates the data suggest after the
// Sept 30 re-run, each with its suggested category and why. A sector department sees its sector's candidates
// (to recommend them, with consent); county staff their county's; the city all.
import { z } from 'zod';
import { CATEGORY_CODES } from '../../domain/category/categories';
import { uscc as usccField } from '../../domain/feeds/fields';
import { COUNTY_CODES } from '../../domain/roles';
import { defineEndpoint, errorResponses } from '../contract';

const errors = errorResponses([400, 401, 403, 503]);

export const baseListItem = z.object({
  uscc: z.string(), tradeName: z.string().nullable(), county: z.string(), industryCode: z.string(), typingType: z.enum(['G', 'D']),
  suggestedCategory: z.enum(CATEGORY_CODES), suggestedCategoryLabel: z.string(),
  explanation: z.string().describe('建议理由（一句话）'),
  reasons: z.array(z.object({ category: z.enum(CATEGORY_CODES), criteria: z.array(z.object({ code: z.string(), label: z.string(), evidence: z.string() })) }))
    .describe('各类别中由知识产权、认定与荣誉数据核验满足的条件'),
  sectors: z.array(z.string()).describe('可推荐该户的行业主管部门'),
  invitedAt: z.string().nullable().describe('邀请申报通知发出时间（每户一次）'),
}).meta({ id: 'BaseListCandidate' });

export const listBaseList = defineEndpoint({
  method: 'get',
  path: '/api/v1/base-list',
  summary: '名特优新基础名单（由商标、专利、地理标志与荣誉数据自动匹配；行业主管部门只见本行业）',
  tag: 'applications',
  roles: ['SECTOR_DEPARTMENT', 'COUNTY_AMR', 'CITY_AMR'],
  query: z.object({
    year: z.coerce.number().int().min(2024).max(2100).describe('培育年度'),
    county: z.enum(COUNTY_CODES).optional(),
    category: z.enum(CATEGORY_CODES).optional().describe('建议类别'),
    after: usccField.optional().describe('游标：上一页最后一户的统一社会信用代码'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  responses: {
    200: { description: '基础名单', schema: z.object({ year: z.number().int(), items: z.array(baseListItem), nextAfter: z.string().nullable() }) },
    ...errors,
  },
});
