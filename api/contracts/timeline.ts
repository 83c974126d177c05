// Contract of an application's timeline (申请详情): who did what and when, from the audit trail, for
// whoever may read the application. Staff are named; households, the public and the system by role only.
import { z } from 'zod';
import { uscc as usccField } from '../../domain/feeds/fields';
import { defineEndpoint, errorResponses } from '../contract';

const timelineEntry = z
  .object({
    at: z.string(),
    action: z.string().describe('审计动作，如 APPLICATION_SUBMITTED、TASK_CLAIMED、TASK_COMPLETED'),
    actorRole: z.string().describe('角色，或 SYSTEM（流程自动）、PUBLIC（公众）'),
    actorName: z.string().nullable().describe('工作人员姓名；经营者、公众与系统不显示姓名'),
    targetType: z.enum(['application', 'task', 'objection']),
    taskKind: z.string().nullable().describe('对象为待办时的待办类型'),
    note: z.string().nullable().describe('理由、批注或说明（个人信息已脱敏）'),
  })
  .meta({ id: 'TimelineEntry' });

export const applicationTimeline = defineEndpoint({
  method: 'get',
  path: '/api/v1/applications/:year/:uscc/timeline',
  summary: '申请的办理时间线：谁在何时做了什么（来自审计日志；与申请进度同样的权限）',
  tag: 'applications',
  roles: ['HOUSEHOLD', 'GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'AUDITOR'], // as GET /api/v1/applications/{year}/{uscc}
  params: z.object({ year: z.coerce.number().int().min(2024).max(2100), uscc: usccField }),
  responses: { 200: { description: '按时间先后', schema: z.object({ items: z.array(timelineEntry) }) }, ...errorResponses([400, 401, 403, 404, 503]) },
});
