// Contracts of the staff task inbox (docs/architecture.md#task-board): list and filter, read with comments,
// claim/unclaim, complete, reassign/delegate, send back, comment.
import { z } from 'zod';
import { TASK_PAYLOADS } from '../../domain/category/decisions';
import { TASK_KINDS, type TaskKind } from '../../domain/taskKinds';
import { uscc as usccField } from '../../domain/feeds/fields';
import { COUNTY_CODES } from '../../domain/roles';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';
import { verifyRecheckBody } from './rechecks';

const errors = errorResponses([400, 401, 403, 404, 503]);
const STAFF = ['GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR'] as const;

export { TASK_KINDS };

/** What completing a task of each kind takes (parsed here, 400; checked again by the workflow's validator, 422). */
export const TASK_COMPLETION_PAYLOADS: Record<TaskKind, z.ZodType> = { RECHECK_VERIFY: verifyRecheckBody, ...TASK_PAYLOADS };

const taskItem = z.object({
  id: z.string(), kind: z.enum(TASK_KINDS), title: z.string(), role: z.string(), county: z.string().nullable(), status: z.string(),
  assigneeId: z.string().nullable(), assigneeName: z.string().nullable().describe('认领人姓名（工作人员）'), year: z.number().int().nullable(), uscc: z.string().nullable(), dueAt: z.string(), createdAt: z.string(),
  overdue: z.boolean(),
  items: z.array(z.string()).describe('待办逐项决定的事项（异议受理、核查待办：所列异议编号；办理时须对每一项作出决定）'),
}).meta({ id: 'Task' });

export const taskViewSchema = z
  .object({ taskId: z.string(), kind: z.string(), title: z.string(), role: z.string(), county: z.string().nullable(), status: z.string(), assigneeId: z.string().nullable(), dueAt: z.string() })
  .meta({ id: 'TaskState', description: '待办在所属流程中的当前状态' });

const isoInstant = z.iso.datetime({ offset: true, message: '须为 ISO-8601 时间' });

export const listTasks = defineEndpoint({
  method: 'get',
  path: '/api/v1/tasks',
  summary: '待办列表：按角色、辖区、状态、期限、年度、类型筛选，分页',
  tag: 'tasks',
  roles: [...STAFF, 'AUDITOR'],
  query: z.object({
    status: z.enum(['OPEN', 'COMPLETED', 'SENT_BACK', 'CANCELLED', 'EXPIRED']).default('OPEN'),
    kind: z.enum(TASK_KINDS).optional(),
    role: z.enum(STAFF).optional(),
    county: z.enum(COUNTY_CODES).optional().describe('市级角色可按县筛选；县级角色只能看到本县'),
    year: z.coerce.number().int().min(2024).max(2100).optional(),
    uscc: usccField.optional().describe('只看这家经营主体的待办'),
    dueBefore: isoInstant.optional(),
    dueAfter: isoInstant.optional(),
    assignee: z.enum(['me', 'unassigned', 'any']).default('any'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    after: z.string().max(200).optional().describe('上一页的 nextAfter'),
  }),
  responses: { 200: { description: '待办（按期限、编号排序）', schema: z.object({ items: z.array(taskItem), nextAfter: z.string().nullable() }) }, ...errors },
});

const taskParams = z.object({ id: z.string().min(1).max(200) });

export const getTask = defineEndpoint({
  method: 'get',
  path: '/api/v1/tasks/:id',
  summary: '待办详情与批注',
  tag: 'tasks',
  roles: [...STAFF, 'AUDITOR'],
  params: taskParams,
  responses: {
    200: {
      description: '待办',
      schema: taskItem.extend({
        comments: z.array(z.object({ kind: z.string(), author: z.string(), text: z.string(), at: z.string() })),
        confirmationList: z.object({
          round: z.number().int(),
          frozen: z.boolean().describe('true：第一签时冻结的名单（第二签须签署此摘要）；false：当前名单，第一签时按此冻结'),
          hash: z.string().describe('名单摘要（SHA-256）'),
          entries: z.array(z.object({ rank: z.number().int(), uscc: z.string(), category: z.string(), county: z.string(), score: z.number() })),
          pending: z.array(z.string()).describe('已入选但公示或异议处理尚未结束的经营主体（不在名单上）'),
          preparedBy: z.string().nullable().describe('第一签的市级管理员（姓名）'),
          preparedAt: z.string().nullable(),
        }).nullable().optional().describe('市级确认名单待办（第一签、第二签）所涉名单'),
      }),
    },
    ...errors,
  },
});

const conflict = errorResponses([409, 422], { 409: '已被他人认领（details 中 holderName 为认领人姓名）或已办结', 422: '办理内容不符合要求' });

const action = <B extends z.ZodType | undefined>(verb: string, summary: string, body: B, roles: readonly ('GRASSROOTS_STAFF' | 'COUNTY_AMR' | 'CITY_AMR')[] = STAFF) =>
  defineEndpoint({
    method: 'post',
    path: `/api/v1/tasks/:id/${verb}`,
    summary,
    tag: 'tasks',
    roles,
    params: taskParams,
    body,
    responses: { 200: { description: '待办所属流程中的当前状态', schema: taskViewSchema }, ...conflict, ...errors },
  });

export const claimTask = action('claim', '认领待办（同时认领时只有一人成功，其余返回 409）', undefined);
export const unclaimTask = action('unclaim', '退回认领（认领人或管理员）', undefined);
export const completeTask = action(
  'complete',
  '办理待办：payload 随待办类型而定（县级审核、走访评分、异议受理、异议核查、市级确认；分型复核为 decisions）',
  z.strictObject({ payload: z.unknown() }).meta({ id: 'TaskCompletion' }),
);
export const assignTask = action(
  'assign',
  '改派（管理员）或委托（认领人）给同一角色、同一辖区的其他工作人员',
  z.strictObject({ mode: z.enum(['REASSIGN', 'DELEGATE']), assigneeId: z.uuid(), note: z.string().trim().min(1).max(1000) }).meta({ id: 'TaskAssignment' }),
  ['GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR'],
);
export const sendBackTask = action('send-back', '退回上一步并说明理由', z.strictObject({ reason: z.string().trim().min(1).max(1000) }).meta({ id: 'TaskSendBack' }));

export const commentTask = defineEndpoint({
  method: 'post',
  path: '/api/v1/tasks/:id/comments',
  summary: '添加批注',
  tag: 'tasks',
  roles: STAFF,
  params: taskParams,
  body: z.strictObject({ text: z.string().trim().min(1).max(2000) }),
  responses: { 201: { description: '已添加', schema: z.object({ kind: z.string(), author: z.string(), text: z.string(), at: z.string() }) }, 409: { description: '待办已办结', schema: errorBodySchema }, ...errors },
});

/** The most items one batch request may carry: a county's review list fits, a runaway client does not. */
export const TASK_BATCH_MAX_ITEMS = 100;

const batchTaskId = z.string().min(1).max(200);
const batchItem = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('claim'), taskId: batchTaskId }),
  z.strictObject({ action: z.literal('unclaim'), taskId: batchTaskId }),
  z.strictObject({ action: z.literal('complete'), taskId: batchTaskId, payload: z.unknown() }),
  z.strictObject({
    action: z.literal('assign'), taskId: batchTaskId, mode: z.enum(['REASSIGN', 'DELEGATE']), assigneeId: z.uuid(), note: z.string().trim().min(1).max(1000),
  }),
]).meta({ id: 'TaskBatchItem' });

const batchResult = z.object({
  taskId: z.string(),
  action: z.string(),
  status: z.number().int().describe('该项单独办理时的 HTTP 状态'),
  code: z.string().describe('OK，或与单项接口相同的错误码'),
  message: z.string(),
  details: z.array(z.unknown()),
  task: taskViewSchema.nullable().describe('成功时待办的当前状态'),
}).meta({ id: 'TaskBatchResult' });

export const batchTasks = defineEndpoint({
  method: 'post',
  path: '/api/v1/tasks/batch',
  summary: `批量认领、退回认领、办理、改派待办（每批最多 ${TASK_BATCH_MAX_ITEMS} 项）：每项与单项接口同样鉴权、同样由所属流程校验，逐项返回结果；失败的项不做任何改动`,
  tag: 'tasks',
  roles: STAFF,
  body: z.strictObject({
    // Items run concurrently, so two on one task would race: each task at most once per batch.
    items: z.array(batchItem).min(1).max(TASK_BATCH_MAX_ITEMS)
      .refine((items) => new Set(items.map((i) => i.taskId)).size === items.length, { message: '同一待办在一个批次中只能出现一次' }),
  }).meta({ id: 'TaskBatch' })
    .describe('各项并发办理、互不影响。请求头 Idempotency-Key 对办理（complete）生效：每项以「键:待办编号」作为流程更新编号，重发同一批次不会重复办理'),
  responses: {
    200: {
      description: '逐项结果（与请求顺序一致）',
      schema: z.object({ succeeded: z.number().int(), failed: z.number().int(), results: z.array(batchResult) }).meta({ id: 'TaskBatchOutcome' }),
    },
    ...errors,
  },
});
