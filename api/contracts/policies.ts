// Contracts of the support-policy catalogue (docs/policy.md#p-policy-catalogue), a household's matched
// policies (docs/policy.md#p-policy-matching), the reach lists of departments and financial institutions
// (docs/policy.md#p-policy-reach, docs/policy.md#p-credit-consent) and uptake.
import { z } from 'zod';
import { uscc as usccField } from '../../domain/feeds/fields';
import { policyDraftSchema, UPTAKE_STATUSES } from '../../domain/policies/policy';
import { COUNTY_CODES, CREDIT_LIST_READERS } from '../../domain/roles';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

const errors = errorResponses([400, 401, 403, 404], { 403: '无权限' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(s)), '日期无效');
const policyId = z.object({ id: z.string().min(1).max(100) });

export const policySchema = z
  .object({
    id: z.string(), code: z.string(), version: z.string(), department: z.string(), title: z.string(), legalBasis: z.string(), area: z.string(),
    target: z.unknown(), conditions: z.unknown(), benefit: z.string(), mode: z.enum(['AUTO', 'APPLY']), contact: z.string(),
    placeholder: z.boolean().describe('默认目录中待部门确认的条目'), status: z.enum(['DRAFT', 'PUBLISHED', 'WITHDRAWN', 'SUPERSEDED']),
    validFrom: z.string().nullable(), validTo: z.string().nullable(), createdBy: z.string().nullable(), createdAt: z.string(), approvedBy: z.string().nullable(),
    publishedAt: z.string().nullable(), withdrawnAt: z.string().nullable(), withdrawReason: z.string().nullable(),
  })
  .meta({ id: 'Policy' });

export const listPolicies = defineEndpoint({
  method: 'get', path: '/api/v1/policies', summary: '扶持政策库（首次读取时写入默认目录，均为待确认草稿）', tag: 'policies',
  roles: ['PROVINCIAL_AMR', 'CITY_AMR', 'COUNTY_AMR', 'GRASSROOTS_STAFF', 'SECTOR_DEPARTMENT', 'DATA_SOURCE', 'AUDITOR'],
  query: z.object({ status: z.enum(['DRAFT', 'PUBLISHED', 'WITHDRAWN', 'SUPERSEDED']).optional(), department: z.string().max(40).optional() }),
  responses: { 200: { description: '政策', schema: z.object({ items: z.array(policySchema) }) }, ...errors },
});

export const createPolicy = defineEndpoint({
  method: 'post', path: '/api/v1/policies', summary: '部门起草扶持政策（DRAFT；发布部门为起草人所属部门）', tag: 'policies',
  roles: ['CITY_AMR', 'SECTOR_DEPARTMENT', 'DATA_SOURCE'],
  body: policyDraftSchema.meta({ id: 'PolicyDraft' }),
  responses: {
    201: { description: '草稿', schema: policySchema }, 409: { description: '该编码和版本已存在（POLICY_EXISTS）', schema: errorBodySchema },
    422: { description: '起草人未登记所属部门（NO_DEPARTMENT）', schema: errorBodySchema }, ...errors,
  },
});

export const publishPolicy = defineEndpoint({
  method: 'post', path: '/api/v1/policies/:id/publish', summary: '市级审核发布政策（DRAFT → PUBLISHED，设定有效期；审核人不能是起草人；同编码的旧版本被替代）', tag: 'policies',
  roles: ['CITY_AMR'], params: policyId,
  body: z.strictObject({ validFrom: isoDate, validTo: isoDate.nullable().default(null) }).refine((w) => w.validTo === null || w.validFrom <= w.validTo, { message: '有效期止不能早于有效期起', path: ['validTo'] }),
  responses: {
    200: { description: '已发布', schema: policySchema }, 409: { description: '只有草稿可以发布（POLICY_NOT_DRAFT）', schema: errorBodySchema },
    422: { description: '起草人不能审核自己起草的政策（SELF_APPROVAL）', schema: errorBodySchema }, ...errors,
  },
});

export const withdrawPolicy = defineEndpoint({
  method: 'post', path: '/api/v1/policies/:id/withdraw', summary: '撤回已发布的政策：此后不再匹配，已有匹配结束并保留为历史', tag: 'policies',
  roles: ['CITY_AMR'], params: policyId,
  body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
  responses: { 200: { description: '已撤回', schema: z.object({ policy: policySchema, matchesEnded: z.number().int() }) }, 409: { description: '只有已发布的政策可以撤回（POLICY_NOT_PUBLISHED）', schema: errorBodySchema }, ...errors },
});

const matchSchema = z.object({
  policy: policySchema, current: z.boolean(), firstMatchedAt: z.string(), lastMatchedAt: z.string(), endedAt: z.string().nullable(), endReason: z.string().nullable(),
  uptake: z.enum(['GRANTED', 'APPLIED', 'USED']).nullable(), uptakeAt: z.string().nullable(),
  why: z.array(z.string()).describe('匹配依据（目标条件与附加条件的逐项结果）'),
});

export const businessPolicies = defineEndpoint({
  method: 'get', path: '/api/v1/businesses/:uscc/policies', summary: '我的政策及匹配依据（经营者仅本户；县级人员仅本辖区）', tag: 'policies',
  roles: ['HOUSEHOLD', 'GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'],
  params: z.object({ uscc: usccField }), query: z.object({ history: z.enum(['true', 'false']).default('false') }),
  responses: { 200: { description: '匹配的政策（history=true 时含已结束的匹配）', schema: z.object({ uscc: z.string(), items: z.array(matchSchema) }) }, ...errors },
});

export const recordUptake = defineEndpoint({
  method: 'post', path: '/api/v1/businesses/:uscc/policies/:policyId/uptake',
  summary: '登记政策享受情况：经营者登记已申请/已享受，发布部门（或市级）登记已兑现/已享受', tag: 'policies',
  roles: ['HOUSEHOLD', 'CITY_AMR', 'SECTOR_DEPARTMENT', 'DATA_SOURCE'],
  params: z.object({ uscc: usccField, policyId: z.string().min(1).max(100) }),
  body: z.strictObject({ status: z.enum(Object.keys(UPTAKE_STATUSES) as ['GRANTED', 'APPLIED', 'USED']), note: z.string().trim().max(500).nullable().default(null) }),
  responses: { 200: { description: '已登记', schema: z.object({ policyId: z.string(), uscc: z.string(), uptake: z.string() }) }, ...errors },
});

export const creditConsent = defineEndpoint({
  method: 'post', path: '/api/v1/businesses/:uscc/credit-consent', summary: '经营者授权（或撤回授权）金融机构查看本户分型和名特优新结果用于授信', tag: 'policies',
  roles: ['HOUSEHOLD'], params: z.object({ uscc: usccField }),
  body: z.strictObject({ consent: z.boolean() }),
  responses: { 200: { description: '授权状态', schema: z.object({ uscc: z.string(), consent: z.boolean(), grantedAt: z.string().nullable() }) }, ...errors },
});

const reachItem = z.object({
  uscc: z.string(), tradeName: z.string().nullable(), county: z.string(), industryCode: z.string(), type: z.string(), categories: z.array(z.string()),
  creditRating: z.string().nullable().describe('纳税信用等级（仅税务部门与市级可见）'), policyId: z.string(), firstMatchedAt: z.string(), uptake: z.string().nullable(),
});

export const policyReach = defineEndpoint({
  method: 'get', path: '/api/v1/policies/:id/reach',
  summary: '政策覆盖的个体工商户名单（发布部门或市级；税务可按类型和纳税信用等级筛选；format=csv 导出）', tag: 'policies',
  roles: ['CITY_AMR', 'SECTOR_DEPARTMENT', 'DATA_SOURCE'], params: policyId,
  query: z.object({
    type: z.enum(['D', 'G', 'S', 'UNTYPED']).optional(), creditRating: z.enum(['A', 'B', 'M', 'C', 'D']).optional(), county: z.enum(COUNTY_CODES).optional(),
    after: z.string().max(18).optional(), limit: z.coerce.number().int().min(1).max(5_000).default(500), format: z.enum(['json', 'csv']).default('json'),
  }),
  responses: { 200: { description: '名单', schema: z.object({ policyId: z.string(), items: z.array(reachItem), next: z.string().nullable() }), contentTypes: ['application/json', 'text/csv'] }, ...errors },
});

export const creditHouseholds = defineEndpoint({
  method: 'get', path: '/api/v1/credit/households',
  summary: '金融机构：已授权的成长型、发展型和名特优新个体工商户（仅分型与认定结果，不含税务和社保数据）', tag: 'policies',
  roles: CREDIT_LIST_READERS,
  query: z.object({ county: z.enum(COUNTY_CODES).optional(), after: z.string().max(18).optional(), limit: z.coerce.number().int().min(1).max(5_000).default(500) }),
  responses: {
    200: {
      description: '名单',
      schema: z.object({
        runId: z.string().nullable(),
        items: z.array(z.object({ uscc: z.string(), tradeName: z.string().nullable(), county: z.string(), industryCode: z.string(), type: z.string().nullable(), categories: z.array(z.string()), consentedAt: z.string() })),
        next: z.string().nullable(),
      }),
    },
    ...errors,
  },
});

export const getCreditConsent = defineEndpoint({
  method: 'get', path: '/api/v1/businesses/:uscc/credit-consent', summary: '经营者查看本户对金融机构的授信授权状态', tag: 'policies',
  roles: ['HOUSEHOLD'], params: z.object({ uscc: usccField }),
  responses: { 200: { description: '授权状态', schema: z.object({ uscc: z.string(), consent: z.boolean(), grantedAt: z.string().nullable() }) }, ...errors },
});
