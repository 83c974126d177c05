// Contracts of a 名特优新 designation during its validity (docs/policy.md#p-designation-revocation): its state
// (evaluations, revocation procedures), the household's statement of defence against a notice of
// revocation, and the city's finding of fraud (which opens the procedure).
import { z } from 'zod';
import { DESIGNATION_STATUSES } from '../../domain/category/designation';
import { uscc as usccField } from '../../domain/feeds/fields';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

const errors = errorResponses([400, 401, 403, 404, 503]);
const params = z.object({ year: z.coerce.number().int().min(2024).max(2100).describe('认定年度'), uscc: usccField });

export const designationViewSchema = z
  .object({
    year: z.number().int(), uscc: z.string(),
    status: z.enum(Object.keys(DESIGNATION_STATUSES) as [keyof typeof DESIGNATION_STATUSES]), statusLabel: z.string(), validUntil: z.string(),
    evaluations: z.array(z.object({ at: z.string(), extend: z.boolean(), reason: z.string(), by: z.string() })),
    revocations: z.array(z.object({
      round: z.number().int(), grounds: z.array(z.object({ code: z.string(), reason: z.string() })), noticeAt: z.string(), defenceDueAt: z.string().describe('陈述申辩截止时间'),
      defence: z.object({ statement: z.string(), at: z.string(), by: z.string() }).nullable(),
      decision: z.object({ revoke: z.boolean(), reason: z.string(), by: z.string(), at: z.string() }).nullable(),
    })),
  })
  .meta({ id: 'Designation' });

export const getDesignation = defineEndpoint({
  method: 'get',
  path: '/api/v1/designations/:year/:uscc',
  summary: '名特优新认定状态（期满评价、撤销程序）',
  tag: 'designations',
  roles: ['HOUSEHOLD', 'COUNTY_AMR', 'CITY_AMR', 'AUDITOR'],
  params,
  responses: { 200: { description: '认定状态', schema: designationViewSchema }, ...errors },
});

export const submitDefence = defineEndpoint({
  method: 'post',
  path: '/api/v1/designations/:year/:uscc/defence',
  summary: '对拟撤销认定的告知提出陈述申辩（告知的申辩期限内，一次）',
  tag: 'designations',
  roles: ['HOUSEHOLD'],
  params,
  body: z.strictObject({ statement: z.string().trim().min(1).max(4000).describe('陈述申辩意见') }),
  responses: {
    200: { description: '已收到陈述申辩', schema: designationViewSchema },
    409: { description: '没有待申辩的告知、已申辩或认定已不在有效期内', schema: errorBodySchema },
    ...errors,
  },
});

export const reportFraud = defineEndpoint({
  method: 'post',
  path: '/api/v1/designations/:year/:uscc/fraud-findings',
  summary: '查实申请弄虚作假，启动撤销程序（市级）',
  tag: 'designations',
  roles: ['CITY_AMR'],
  params,
  body: z.strictObject({ findings: z.string().trim().min(1).max(4000).describe('查实的弄虚作假情况') }),
  responses: {
    200: { description: '已记录，撤销程序将告知经营者', schema: designationViewSchema },
    409: { description: '认定已撤销或已到期', schema: errorBodySchema },
    ...errors,
  },
});
