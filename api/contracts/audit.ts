// Contract of the audit trail's read side: auditors and the city administration filter it by actor,
// action, target and time, newest first, with a keyset cursor over the hash chain's sequence.
import { z } from 'zod';
import { defineEndpoint, errorResponses } from '../contract';

const isoInstant = z.iso.datetime({ offset: true, message: '须为 ISO-8601 时间' });

const auditItem = z
  .object({
    chainSeq: z.string().describe('在哈希链中的序号（自 1 起连续）'),
    at: z.string(),
    actorId: z.string().nullable(),
    actorRole: z.string().describe('角色，或 SYSTEM（流程自动）、PUBLIC（公众）'),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    before: z.unknown().describe('变更前（个人信息已脱敏）'),
    after: z.unknown().describe('变更后（个人信息已脱敏）'),
    requestId: z.string().nullable(),
    prevHash: z.string().describe('上一条记录的哈希'),
    hash: z.string().describe('本条记录的 SHA-256 哈希（覆盖上一条哈希与本条内容）'),
  })
  .meta({ id: 'AuditEntry' });

export const listAudit = defineEndpoint({
  method: 'get',
  path: '/api/v1/audit',
  summary: '审计日志：按操作人、动作、对象、时间筛选，按时间倒序，游标分页（审计/纪检、市级市场监管局）',
  tag: 'audit',
  roles: ['AUDITOR', 'CITY_AMR'],
  query: z.object({
    actorId: z.uuid().optional(),
    action: z.string().trim().min(1).max(100).regex(/^[A-Z_]+$/, '动作须为大写字母与下划线').optional(),
    targetType: z.string().trim().min(1).max(60).optional(),
    targetId: z.string().trim().min(1).max(200).optional(),
    from: isoInstant.optional().describe('起始时间（含）'),
    to: isoInstant.optional().describe('截止时间（不含）'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.string().regex(/^[1-9]\d{0,17}$/, '分页游标无效，请使用上一页返回的 nextBefore').optional().describe('上一页的 nextBefore'),
  }),
  responses: {
    200: { description: '审计记录（按哈希链序号倒序）', schema: z.object({ items: z.array(auditItem), nextBefore: z.string().nullable() }) },
    ...errorResponses([400, 401, 403, 503]),
  },
});
