// Contracts of rechecks (分型复核) and the staff task list.
import { z } from 'zod';
import { CORRECTABLE_FEATURES } from '../../domain/typing/facts';
import { uscc as usccField } from '../../domain/feeds/fields';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

const errors = errorResponses([400, 401, 403, 404, 503]);

export const recheckParams = z.object({ year: z.coerce.number().int().min(2024).max(2100), uscc: usccField });

export const submitRecheckBody = z
  .strictObject({
    year: z.number().int().min(2024).max(2100),
    uscc: usccField,
    disputed: z
      .array(z.strictObject({ feature: z.enum(CORRECTABLE_FEATURES), claimedValue: z.number().min(0).max(1e13), note: z.string().max(500).optional() }))
      .min(1)
      .max(CORRECTABLE_FEATURES.length)
      .refine((d) => new Set(d.map((x) => x.feature)).size === d.length, '每项数值只能提出一次'),
  })
  .meta({ id: 'RecheckRequest' });

/** A tax or social-insurance value is 「（受限）」 for roles that may not see it (api/redaction.ts). */
const restrictedNumber = z.union([z.number(), z.literal('（受限）')]);

export const recheckViewSchema = z
  .object({
    recheckId: z.string(), year: z.number().int(), uscc: z.string(),
    status: z.enum(['AWAITING_VERIFICATION', 'RESOLVED_CORRECTED', 'RESOLVED_NO_CHANGE', 'EXPIRED']),
    disputed: z.array(z.object({ feature: z.string(), claimedValue: restrictedNumber, note: z.string().optional() })),
    decisions: z.array(z.object({ feature: z.string(), accept: z.boolean(), value: restrictedNumber.optional(), reason: z.string() })).nullable(),
    dueAt: z.string(),
    assigneeId: z.string().nullable().describe('认领核实待办的工作人员'),
  })
  .meta({ id: 'Recheck' });

export const submitRecheck = defineEndpoint({
  method: 'post',
  path: '/api/v1/rechecks',
  summary: '提交分型复核（三季度复核期内；经营者本户或辖区工作人员）',
  tag: 'rechecks',
  roles: ['HOUSEHOLD', 'GRASSROOTS_STAFF', 'COUNTY_AMR'],
  body: submitRecheckBody,
  responses: {
    201: { description: '已受理，生成核实待办', schema: recheckViewSchema },
    409: { description: '本年度已有该户的复核', schema: errorBodySchema },
    422: { description: '不在复核期内，或期限所在年份尚无法定节假日安排（HOLIDAY_SCHEDULE_MISSING）', schema: errorBodySchema },
    ...errors,
  },
});

export const getRecheck = defineEndpoint({
  method: 'get',
  path: '/api/v1/rechecks/:year/:uscc',
  summary: '查询复核进度',
  tag: 'rechecks',
  roles: ['HOUSEHOLD', 'GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'AUDITOR'],
  params: recheckParams,
  responses: { 200: { description: '复核', schema: recheckViewSchema }, ...errors },
});

export const verifyRecheckBody = z
  .strictObject({
    decisions: z
      .array(z.strictObject({ feature: z.enum(CORRECTABLE_FEATURES), accept: z.boolean(), value: z.number().min(0).max(1e13).optional(), reason: z.string().trim().min(1).max(1000) }))
      .min(1),
  })
  .meta({ id: 'RecheckVerification' });

export const verifyRecheck = defineEndpoint({
  method: 'post',
  path: '/api/v1/rechecks/:year/:uscc/verification',
  summary: '核实复核：逐项采纳或不采纳并说明理由（采纳的数值作为更正用于 9 月 30 日重新分型）',
  tag: 'rechecks',
  roles: ['GRASSROOTS_STAFF', 'COUNTY_AMR'],
  params: recheckParams,
  body: verifyRecheckBody,
  responses: {
    200: { description: '已核实', schema: recheckViewSchema },
    409: { description: '复核已办结', schema: errorBodySchema },
    422: { description: '决定不完整或不合法', schema: errorBodySchema },
    ...errors,
  },
});
