// Contracts of the service endpoints: liveness, readiness, the caller's own identity.
import { z } from 'zod';
import { ROLE_CODES } from '../../domain/roles';
import { defineEndpoint, errorBodySchema } from '../contract';

const check = z.object({ ok: z.boolean(), message: z.string().optional() });
export const readinessSchema = z.object({ status: z.enum(['ready', 'unavailable']), checks: z.object({ database: check, temporal: check }) });

export const healthz = defineEndpoint({
  method: 'get',
  path: '/healthz',
  summary: '存活检查',
  tag: 'system',
  roles: null,
  responses: { 200: { description: '进程存活', schema: z.object({ status: z.literal('ok') }) } },
});

export const readyz = defineEndpoint({
  method: 'get',
  path: '/readyz',
  summary: '就绪检查（数据库与流程引擎可达）',
  tag: 'system',
  roles: null,
  responses: { 200: { description: '就绪', schema: readinessSchema }, 503: { description: '不可用', schema: readinessSchema } },
});

export const me = defineEndpoint({
  method: 'get',
  path: '/api/v1/me',
  summary: '当前身份',
  tag: 'system',
  roles: [],
  responses: {
    200: {
      description: '令牌对应的身份',
      schema: z.object({
        id: z.string(),
        name: z.string(),
        role: z.enum(ROLE_CODES),
        roleLabel: z.string(),
        department: z.string().nullable(),
        county: z.string().nullable(),
        uscc: z.string().nullable(),
      }),
    },
    401: { description: '未认证', schema: errorBodySchema },
  },
});
