// Contract of an appeal (申诉) against the refusal of a 名特优新 application (docs/policy.md#p-appeal): the household,
// within the appeal window after the refusal mail, once, with reasons; the city decides in its task inbox.
import { z } from 'zod';
import { uscc as usccField } from '../../domain/feeds/fields';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';
import { applicationViewSchema } from './applications';

const errors = errorResponses([400, 401, 403, 404, 503]);

export const fileAppeal = defineEndpoint({
  method: 'post',
  path: '/api/v1/applications/:year/:uscc/appeal',
  summary: '对不予通过的决定提出申诉（收到通知之日起 10 个工作日内，一次，须说明理由）',
  tag: 'applications',
  roles: ['HOUSEHOLD'],
  params: z.object({ year: z.coerce.number().int().min(2024).max(2100).describe('培育年度'), uscc: usccField }),
  body: z.strictObject({ reasons: z.string().trim().min(1).max(4000).describe('申诉理由与事实') }).meta({ id: 'Appeal' }),
  responses: {
    200: { description: '申诉已受理，交市级复核', schema: applicationViewSchema },
    409: { description: '申诉期限已过、已申诉过或没有可申诉的决定', schema: errorBodySchema },
    ...errors,
  },
});
