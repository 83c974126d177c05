// Contracts of the 名特优新 rule versions (docs/policy.md#p-category-rules): DRAFT → APPROVED (a second
// city administrator) → ACTIVE → RETIRED; new cycles take the ACTIVE version.
import { z } from 'zod';
import { categoryRulesSchema } from '../../domain/category/categoryRules';
import { AMR_STAFF } from '../../domain/roles';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

const errors = errorResponses([400, 401, 403, 404, 503], { 403: '无权限（名特优新规则由市级市场监管局制定、审批、启用）', 404: '规则版本不存在' });

export const categoryRuleSetSchema = z
  .object({
    id: z.string(), version: z.string(), status: z.enum(['DRAFT', 'APPROVED', 'ACTIVE', 'RETIRED']), statusLabel: z.string(),
    note: z.string().nullable(), definition: categoryRulesSchema,
    createdBy: z.string().nullable(), createdAt: z.string(), approvedBy: z.string().nullable(), approvedAt: z.string().nullable(),
    activatedBy: z.string().nullable(), activatedAt: z.string().nullable(), retiredAt: z.string().nullable(),
  })
  .meta({ id: 'CategoryRuleSet', description: '名特优新规则版本：条件目录、负面清单窗口期、评分表' });

const params = z.object({ id: z.string().min(1).max(60) });

export const listCategoryRules = defineEndpoint({
  method: 'get', path: '/api/v1/category-rules', summary: '名特优新规则版本列表（新周期启动时采用启用中的版本）', tag: 'category-rules',
  roles: [...AMR_STAFF, 'AUDITOR'],
  responses: { 200: { description: '规则版本（新的在前）', schema: z.object({ items: z.array(categoryRuleSetSchema), activeId: z.string() }) }, ...errors },
});

export const getCategoryRules = defineEndpoint({
  method: 'get', path: '/api/v1/category-rules/:id', summary: '名特优新规则版本详情', tag: 'category-rules',
  roles: [...AMR_STAFF, 'AUDITOR'], params,
  responses: { 200: { description: '规则版本', schema: categoryRuleSetSchema }, ...errors },
});

export const diffCategoryRules = defineEndpoint({
  method: 'get', path: '/api/v1/category-rules/:id/diff', summary: '与启用版本对比：列出取值不同的规则项', tag: 'category-rules',
  roles: [...AMR_STAFF, 'AUDITOR'], params,
  responses: {
    200: {
      description: '差异（from 为启用版本的取值，to 为该版本的取值）',
      schema: z.object({ id: z.string(), activeId: z.string(), changes: z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() })) }),
    },
    ...errors,
  },
});

export const createCategoryRules = defineEndpoint({
  method: 'post', path: '/api/v1/category-rules', summary: '新建名特优新规则草稿（DRAFT）', tag: 'category-rules',
  roles: ['CITY_AMR'],
  body: z
    .strictObject({
      version: z.string().regex(/^[\w.-]{1,40}$/, '版本号须为字母、数字、点、横线或下划线（不超过 40 位）').describe('版本号，如 2027'),
      definition: categoryRulesSchema,
      note: z.string().trim().max(500).optional().describe('修订说明'),
    })
    .meta({ id: 'CategoryRulesDraft' }),
  responses: {
    201: { description: '草稿', schema: categoryRuleSetSchema },
    409: { description: '该版本号已存在（CATEGORY_RULES_EXISTS）', schema: errorBodySchema },
    422: { description: '规则不自洽（CATEGORY_RULES_INVALID；details 中每项有稳定的 code：DUPLICATE_CRITERION_CODE、UNKNOWN_AUTO_CRITERION、SCORE_SHEET_TOTAL、DUPLICATE_SCORE_SECTION、PASS_LINE_OUT_OF_RANGE）', schema: errorBodySchema },
    ...errors,
  },
});

export const approveCategoryRules = defineEndpoint({
  method: 'post', path: '/api/v1/category-rules/:id/approve', summary: '审批规则草稿（DRAFT → APPROVED；审批人不能是起草人）', tag: 'category-rules',
  roles: ['CITY_AMR'], params,
  responses: {
    ...errors,
    200: { description: '已审批', schema: categoryRuleSetSchema },
    403: { description: '无权限，或审批人即起草人（SELF_APPROVAL）', schema: errorBodySchema },
    409: { description: '只有草稿可以审批（CATEGORY_RULES_NOT_DRAFT）', schema: errorBodySchema },
  },
});

export const activateCategoryRules = defineEndpoint({
  method: 'post', path: '/api/v1/category-rules/:id/activate',
  summary: '启用规则版本（APPROVED → ACTIVE；原启用版本停用）。此后启动的周期采用该版本，进行中的周期不受影响', tag: 'category-rules',
  roles: ['CITY_AMR'], params,
  responses: {
    200: { description: '已启用', schema: categoryRuleSetSchema.extend({ retired: z.array(z.string()).describe('因此停用的版本') }) },
    409: { description: '只有已审批的版本可以启用（CATEGORY_RULES_NOT_APPROVED）', schema: errorBodySchema },
    ...errors,
  },
});
