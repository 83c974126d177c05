// The staff task inbox. The table is what people search; every action goes to the workflow that owns
// the task, whose validators decide (one of two simultaneous claims wins, the other gets 409; the wrong
// person, a closed task or a bad payload is refused and nothing is recorded). Every owner answers the
// generic task Updates (taskMessages.ts); a recheck verification is completed by its own Update. The
// actions themselves live in taskActions.ts, shared with the batch endpoint (taskBatch.ts).
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { COUNTY_SCOPED } from '../../domain/roles';
import type pg from 'pg';
import { confirmationListFor } from '../../data/confirmationList';
import { addTaskComment, findVisibleTask, findVisibleTaskWithComments, TaskNotOpen, tasksPage } from '../../data/tasks';
import type { Prisma, PrismaClient } from '../../prisma/client';
import { principalOf, requireRole, type Principal } from '../auth';
import { parseRequest } from '../contract';
import { assignTask, claimTask, commentTask, completeTask, getTask, listTasks, sendBackTask, unclaimTask } from '../contracts/tasks';
import { ApiError, forbidden, notFound } from '../errors';
import { actorOf, taskActions } from './taskActions';
import { taskBatchRouter } from './taskBatch';
import { staffNames } from '../staffNames';

export { actorOf };

type TaskRow = Prisma.TaskGetPayload<{ include: { comments: true } }> | Prisma.TaskGetPayload<object>;

function taskItem(t: TaskRow, names: Map<string, string> = new Map()) {
  return {
    id: t.id, kind: t.kind, title: t.title, role: t.role, county: t.county, status: t.status, assigneeId: t.assigneeId,
    assigneeName: t.assigneeId ? (names.get(t.assigneeId) ?? null) : null, year: t.year, uscc: t.uscc,
    dueAt: t.dueAt.toISOString(), createdAt: t.createdAt.toISOString(), overdue: t.status === 'OPEN' && t.dueAt.getTime() < Date.now(), items: t.items,
  };
}

const CONFIRMATION_KINDS = ['CITY_CONFIRMATION_PREPARE', 'CITY_CONFIRMATION_APPROVAL'];

export function taskRouter({ prisma, pool, taskEventPool = pool, temporal }: { prisma: PrismaClient; pool: pg.Pool; taskEventPool?: pg.Pool; temporal: Client }): Router {
  const router = Router();
  const actions = taskActions({ prisma, eventPool: taskEventPool, temporal });

  /** What a principal may see: county staff their county; grassroots staff their role's tasks. */
  function visibility(p: Principal): Prisma.TaskWhereInput {
    return {
      ...(COUNTY_SCOPED.includes(p.role) ? { county: p.county } : {}),
      ...(p.role === 'GRASSROOTS_STAFF' ? { role: 'GRASSROOTS_STAFF' } : {}),
    };
  }

  /** The task's own role, or its administrator (the county's AMR; the city's for city-wide tasks). */
  const worksOn = (task: { role: string; county: string | null }, p: Principal) =>
    p.role === task.role || (task.county === null ? p.role === 'CITY_AMR' : p.role === 'COUNTY_AMR' && p.county === task.county);

  router.get(listTasks.path, requireRole(...listTasks.roles), async (req, res) => {
    const { query: q } = parseRequest(listTasks, req);
    const p = principalOf(res);
    const where: Prisma.TaskWhereInput = {
      AND: [
        visibility(p),
        { status: q.status },
        q.kind ? { kind: q.kind } : {},
        q.role ? { role: q.role } : {},
        q.county ? { county: q.county } : {},
        q.year ? { year: q.year } : {},
        q.uscc ? { uscc: q.uscc } : {},
        q.dueBefore || q.dueAfter ? { dueAt: { ...(q.dueBefore ? { lt: new Date(q.dueBefore) } : {}), ...(q.dueAfter ? { gte: new Date(q.dueAfter) } : {}) } } : {},
        q.assignee === 'me' ? { assigneeId: p.id } : q.assignee === 'unassigned' ? { assigneeId: null } : {},
        cursorAfter(q.after),
      ],
    };
    const tasks = await tasksPage(prisma, where, q.limit + 1);
    const page = tasks.slice(0, q.limit);
    const last = page.at(-1);
    const names = await staffNames(prisma, page.map((t) => t.assigneeId));
    res.json({ items: page.map((t) => taskItem(t, names)), nextAfter: tasks.length > q.limit && last ? `${last.dueAt.toISOString()}|${last.id}` : null });
  });

  router.get(getTask.path, requireRole(...getTask.roles), async (req, res) => {
    const { params } = parseRequest(getTask, req);
    const p = principalOf(res);
    const task = await findVisibleTaskWithComments(prisma, params.id, visibility(p));
    if (!task) throw notFound('TASK_NOT_FOUND', '待办不存在或不在您的辖区');
    // Four eyes on the city's list: the list the first signature freezes, or froze (docs/policy.md#p-confirm-four-eyes).
    const list = CONFIRMATION_KINDS.includes(task.kind) && task.year !== null ? await confirmationListFor(pool, task.year, task.kind, task.id) : undefined;
    const names = await staffNames(prisma, [task.assigneeId, list?.preparedBy ?? null]);
    res.json({
      ...taskItem(task, names), comments: task.comments.map((c) => ({ kind: c.kind, author: c.author, text: c.text, at: c.at.toISOString() })),
      ...(list !== undefined ? { confirmationList: list && { ...list, preparedBy: list.preparedBy ? (names.get(list.preparedBy) ?? null) : null } } : {}),
    });
  });

  router.post(claimTask.path, requireRole(...claimTask.roles), async (req, res) => {
    const { params } = parseRequest(claimTask, req);
    res.json(await actions.claim(principalOf(res), params.id));
  });

  router.post(unclaimTask.path, requireRole(...unclaimTask.roles), async (req, res) => {
    const { params } = parseRequest(unclaimTask, req);
    res.json(await actions.unclaim(principalOf(res), params.id));
  });

  router.post(completeTask.path, requireRole(...completeTask.roles), async (req, res) => {
    const { params, body } = parseRequest(completeTask, req);
    res.json(await actions.complete(principalOf(res), params.id, body.payload, req.header('idempotency-key') ?? undefined));
  });

  router.post(assignTask.path, requireRole(...assignTask.roles), async (req, res) => {
    const { params, body } = parseRequest(assignTask, req);
    res.json(await actions.assign(principalOf(res), params.id, body));
  });

  router.post(sendBackTask.path, requireRole(...sendBackTask.roles), async (req, res) => {
    const { params, body } = parseRequest(sendBackTask, req);
    res.json(await actions.sendBack(principalOf(res), params.id, body.reason));
  });

  router.use(taskBatchRouter(actions));

  router.post(commentTask.path, requireRole(...commentTask.roles), async (req, res) => {
    const { params, body } = parseRequest(commentTask, req);
    const p = principalOf(res);
    // Who may read the task (GET /tasks/{id}) and who works it: its role, or its administrator.
    const task = await findVisibleTask(prisma, params.id, visibility(p));
    if (!task) throw notFound('TASK_NOT_FOUND', '待办不存在或不在您的辖区');
    if (!worksOn(task, p)) throw forbidden('只有办理该待办的角色或其管理员可以评论');
    // The task row is locked against a concurrent close (data/tasks.ts): a comment lands before the close or is refused.
    const comment = await addTaskComment(prisma, task.id, { id: p.id, role: p.role, name: p.name, requestId: res.locals.requestId as string }, body.text).catch((error: unknown) => {
      if (error instanceof TaskNotOpen) throw new ApiError(409, 'TASK_NOT_OPEN', '该待办已办结，不能再评论');
      throw error;
    });
    res.status(201).json({ kind: comment.kind, author: comment.author, text: comment.text, at: comment.at.toISOString() });
  });

  return router;
}

/** Keyset paging on (due date, id); a malformed cursor is a 400. */
function cursorAfter(after: string | undefined): Prisma.TaskWhereInput {
  if (!after) return {};
  const [due, id] = after.split('|');
  const at = new Date(due ?? '');
  // Only instants a task can have (PostgreSQL's timestamptz refuses JavaScript's extreme years).
  if (!id || Number.isNaN(at.getTime()) || at.getUTCFullYear() < 2000 || at.getUTCFullYear() > 2200) throw new ApiError(400, 'INVALID_CURSOR', '分页游标无效，请使用上一页返回的 nextAfter');
  return { OR: [{ dueAt: { gt: at } }, { dueAt: at, id: { gt: id } }] };
}
