// Contracts of differentiated 双随机 supervision (docs/policy.md#p-inspection-plan, docs/policy.md#p-inspection-draw):
// plans with a published seed, the frozen population, the reproducible draw, outcomes, the public list.
import { z } from 'zod';
import { uscc as usccField } from '../../domain/feeds/fields';
import { planInputSchema } from '../../domain/supervision/draw';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

const errors = errorResponses([400, 401, 403, 404], { 403: '无权限' });
const planId = z.object({ id: z.uuid() });

export const planSchema = z
  .object({
    id: z.string(), year: z.number().int(), period: z.string(), r0: z.number(), multipliers: z.record(z.string(), z.number()), frequencyYears: z.number().int(),
    riskComplaints: z.number().int(), riskMonths: z.number().int(), roster: z.record(z.string(), z.array(z.string())),
    seed: z.string().describe('抽取种子（创建时确定并公开；任何人可据此和冻结名单复算抽取结果）'), status: z.enum(['DRAFT', 'FREEZING', 'FROZEN', 'DRAWN']),
    createdAt: z.string(), frozenAt: z.string().nullable(), populationSize: z.number().int().nullable(), populationDigest: z.string().nullable(), drawnAt: z.string().nullable(),
  })
  .meta({ id: 'InspectionPlan' });

const inspectionItem = z.object({ uscc: z.string(), tradeName: z.string().nullable(), county: z.string(), segment: z.string(), outcome: z.string().nullable(), outcomeAt: z.string().nullable() });

export const createPlan = defineEndpoint({
  method: 'post', path: '/api/v1/inspection-plans', summary: '新建双随机抽查计划（基础比例 r0、分段系数、频次限制、各县执法人员名录；种子随即生成并公开）', tag: 'supervision',
  roles: ['CITY_AMR'], body: planInputSchema,
  responses: {
    201: { description: '计划', schema: planSchema }, 409: { description: '该期间已有计划（PLAN_EXISTS）', schema: errorBodySchema },
    422: { description: '某分段抽查比例超过 1（RATIO_ABOVE_ONE）', schema: errorBodySchema }, ...errors,
  },
});

export const freezePlan = defineEndpoint({
  method: 'post', path: '/api/v1/inspection-plans/:id/freeze', summary: '冻结抽查对象名单（按分段，记录名单摘要）', tag: 'supervision',
  roles: ['CITY_AMR'], params: planId,
  responses: { 200: { description: '计划', schema: planSchema }, 409: { description: '只有草稿计划可以冻结（PLAN_NOT_DRAFT）', schema: errorBodySchema }, ...errors },
});

export const drawPlan = defineEndpoint({
  method: 'post', path: '/api/v1/inspection-plans/:id/draw', summary: '按公开种子从冻结名单中抽取检查对象和执法检查人员', tag: 'supervision',
  roles: ['CITY_AMR'], params: planId,
  responses: {
    200: { description: '抽取结果', schema: z.object({ planId: z.string(), drawn: z.number().int() }) },
    409: { description: '名单未冻结或已抽取（PLAN_NOT_FROZEN）', schema: errorBodySchema },
    422: { description: '有抽查对象的县执法人员少于 2 人（ROSTER_TOO_SMALL）', schema: errorBodySchema }, ...errors,
  },
});

export const getPlan = defineEndpoint({
  method: 'get', path: '/api/v1/inspection-plans/:id', summary: '抽查计划及抽取结果（含检查人员；县级仅本辖区）', tag: 'supervision',
  roles: ['CITY_AMR', 'PROVINCIAL_AMR', 'COUNTY_AMR', 'GRASSROOTS_STAFF', 'AUDITOR'], params: planId,
  responses: { 200: { description: '计划', schema: z.object({ plan: planSchema, inspections: z.array(inspectionItem.extend({ inspectors: z.array(z.string()) })) }) }, ...errors },
});

export const recordOutcome = defineEndpoint({
  method: 'post', path: '/api/v1/inspection-plans/:id/inspections/:uscc/outcome', summary: '登记检查结果（向社会公开）', tag: 'supervision',
  roles: ['GRASSROOTS_STAFF', 'COUNTY_AMR'], params: z.object({ id: z.uuid(), uscc: usccField }),
  body: z.strictObject({ outcome: z.enum(['未发现问题', '责令整改', '立案查处', '未找到']) }),
  responses: { 200: { description: '已登记', schema: z.object({ planId: z.string(), uscc: z.string(), outcome: z.string() }) }, ...errors },
});

export const publicPlan = defineEndpoint({
  method: 'get', path: '/api/v1/public/inspection-plans/:id', summary: '抽查结果公示（一公开）：种子、比例、名单摘要、被抽查对象与检查结果', tag: 'supervision',
  roles: null, params: planId,
  responses: {
    200: {
      description: '公示',
      schema: z.object({
        plan: planSchema.pick({ id: true, period: true, r0: true, multipliers: true, frequencyYears: true, seed: true, status: true, populationSize: true, populationDigest: true, drawnAt: true }),
        inspections: z.array(inspectionItem),
      }),
    },
    404: { description: '计划不存在', schema: errorBodySchema },
  },
});

export const publicPopulation = defineEndpoint({
  method: 'get', path: '/api/v1/public/inspection-plans/:id/population', summary: '冻结名单（CSV：统一社会信用代码、县、分段、排除原因），用于复算抽取结果', tag: 'supervision',
  roles: null, params: planId,
  responses: { 200: { description: '冻结名单', contentTypes: ['text/csv'] }, 404: { description: '计划不存在或名单未冻结', schema: errorBodySchema } },
});

export const listPlans = defineEndpoint({
  method: 'get', path: '/api/v1/inspection-plans', summary: '抽查计划列表（期间倒序）', tag: 'supervision',
  roles: ['CITY_AMR', 'PROVINCIAL_AMR', 'COUNTY_AMR', 'GRASSROOTS_STAFF', 'AUDITOR'],
  responses: { 200: { description: '计划', schema: z.object({ items: z.array(planSchema) }) }, ...errors },
});

export const publicPlans = defineEndpoint({
  method: 'get', path: '/api/v1/public/inspection-plans', summary: '抽查计划公示列表（一公开；种子创建时即公开）', tag: 'supervision',
  roles: null,
  responses: {
    200: {
      description: '计划',
      schema: z.object({ items: z.array(planSchema.pick({ id: true, period: true, r0: true, seed: true, status: true, populationSize: true, frozenAt: true, drawnAt: true })) }),
    },
  },
});
