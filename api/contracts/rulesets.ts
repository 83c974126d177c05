// Contracts of typing rulesets: versioned data, DRAFT → APPROVED → ACTIVE → RETIRED, and what-if.
import { z } from 'zod';
import { rulesetDefinitionSchema } from '../../domain/typing/ruleset';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

const errors = errorResponses([400, 401, 403, 404, 503], { 403: '无权限（分型规则由省级市场监管部门制定）', 404: '规则集不存在' });
const distribution = z.object({ D: z.number().int(), G: z.number().int(), S: z.number().int(), UNTYPED: z.number().int() });

export const rulesetSchema = z
  .object({
    id: z.string(), family: z.string(), code: z.string(), version: z.string(), status: z.enum(['DRAFT', 'APPROVED', 'ACTIVE', 'RETIRED']),
    owner: z.string(), definition: z.unknown(), createdAt: z.string(), approvedBy: z.string().nullable(), approvedAt: z.string().nullable(),
    activatedAt: z.string().nullable(), retiredAt: z.string().nullable(),
  })
  .meta({ id: 'Ruleset' });

const rulesetParams = z.object({ id: z.string().min(1).max(100) });

export const listRulesets = defineEndpoint({
  method: 'get', path: '/api/v1/rulesets', summary: '分型规则集版本列表', tag: 'rulesets',
  roles: ['PROVINCIAL_AMR', 'CITY_AMR', 'COUNTY_AMR', 'AUDITOR'],
  responses: { 200: { description: '规则集', schema: z.object({ items: z.array(rulesetSchema) }) }, ...errors },
});

export const createRuleset = defineEndpoint({
  method: 'post', path: '/api/v1/rulesets', summary: '新建分型规则集草稿（DRAFT）', tag: 'rulesets',
  roles: ['PROVINCIAL_AMR'],
  body: z.strictObject({ code: z.string().regex(/^[\w-]{1,40}$/), version: z.string().regex(/^[\w.-]{1,40}$/), definition: rulesetDefinitionSchema }).meta({ id: 'RulesetDraft' }),
  responses: {
    201: { description: '草稿', schema: rulesetSchema }, 409: { description: '版本已存在', schema: errorBodySchema },
    422: { description: '谓词引用成环（RULESET_REFERENCE_CYCLE），或展开后条件过多（RULESET_TOO_LARGE）', schema: errorBodySchema }, ...errors,
  },
});

const transition = (summary: string) =>
  defineEndpoint({
    method: 'post', path: `/api/v1/rulesets/:id/${summary === 'approve' ? 'approve' : 'activate'}`,
    summary: summary === 'approve' ? '审批规则集（DRAFT → APPROVED；审批人不能是起草人）' : '启用规则集（APPROVED → ACTIVE；原启用版本停用）。下一次年度分型起生效',
    tag: 'rulesets', roles: ['PROVINCIAL_AMR'], params: rulesetParams,
    responses: { 200: { description: '规则集', schema: rulesetSchema }, 409: { description: '状态不允许此操作', schema: errorBodySchema }, 422: { description: '不符合审批规则', schema: errorBodySchema }, ...errors },
  });
export const approveRuleset = transition('approve');
export const activateRuleset = transition('activate');

export const whatIfRuleset = defineEndpoint({
  method: 'post', path: '/api/v1/rulesets/:id/what-if',
  summary: '试算：用该规则集对当前数据池分型，与启用版本对比分布与迁移矩阵（不写入任何标签）', tag: 'rulesets',
  roles: ['PROVINCIAL_AMR', 'CITY_AMR'], params: rulesetParams,
  body: z.strictObject({ year: z.number().int().min(2024).max(2100) }),
  responses: {
    200: {
      description: '试算结果',
      schema: z.object({
        rulesetId: z.string(), activeRulesetId: z.string(), year: z.number().int(), businesses: z.number().int(),
        active: distribution, draft: distribution, transitions: z.record(z.string(), distribution), warnings: z.array(z.string()),
      }),
    },
    422: { description: '草稿无法试算（引用成环或展开后条件过多）', schema: errorBodySchema },
    503: { description: '数据库不可用，或试算超过 60 秒未完成（WHAT_IF_DEADLINE_EXCEEDED，已放弃，未写入任何内容）', schema: errorBodySchema },
    ...errors,
  },
});
