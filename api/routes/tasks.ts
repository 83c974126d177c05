// The staff task inbox. The table is what people search; every action goes to the workflow that owns
// the task, whose validators decide (one of two simultaneous claims wins, the other gets 409; the wrong
// person, a closed task or a bad payload is refused and nothing is recorded). Every owner answers the
// generic task Updates (taskMessages.ts); a recheck verification is completed by its own Update.
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { TASK_PAYLOADS, type TaskKind } from '../../domain/category/decisions';
import { COUNTY_SCOPED } from '../../domain/roles';
import { writeAudit } from '../../activities/audit';
import type { Prisma, PrismaClient } from '../../prisma/client';
import { verifyRecheckUpdate, type RecheckView } from '../../workflows/recheckMessages';
import { assignTaskUpdate, claimTaskUpdate, completeTaskUpdate, sendBackTaskUpdate, unclaimTaskUpdate, type Actor, type TaskView } from '../../workflows/taskMessages';
import { assertCounty, principalOf, requireRole, type Principal } from '../auth';
import { parsePart, parseRequest } from '../contract';
import { verifyRecheckBody } from '../contracts/rechecks';
import { assignTask, claimTask, commentTask, completeTask, getTask, listTasks, sendBackTask, unclaimTask } from '../contracts/tasks';
import { ApiError, forbidden, notFound } from '../errors';
import { namingTheHolder, staffNames } from '../staffNames';
import { runUpdate } from '../workflowCalls';

export const actorOf = (p: Principal): Actor => ({ id: p.id, name: p.name, role: p.role, county: p.county, uscc: p.uscc });

type TaskRow = Prisma.TaskGetPayload<{ include: { comments: true } }> | Prisma.TaskGetPayload<object>;

function taskItem(t: TaskRow, names: Map<string, string> = new Map()) {
  return {
    id: t.id, kind: t.kind, title: t.title, role: t.role, county: t.county, status: t.status, assigneeId: t.assigneeId,
    assigneeName: t.assigneeId ? (names.get(t.assigneeId) ?? null) : null, year: t.year, uscc: t.uscc,
    dueAt: t.dueAt.toISOString(), createdAt: t.createdAt.toISOString(), overdue: t.status === 'OPEN' && t.dueAt.getTime() < Date.now(),
  };
}

const recheckTaskView = (task: TaskRow, view: RecheckView): TaskView => ({
  taskId: task.id, kind: task.kind, title: task.title, role: task.role, county: task.county, dueAt: task.dueAt.toISOString(),
  assigneeId: view.assigneeId, status: view.status === 'AWAITING_VERIFICATION' ? 'OPEN' : 'COMPLETED',
});

export function taskRouter({ prisma, temporal }: { prisma: PrismaClient; temporal: Client }): Router {
  const router = Router();
  const closed = new ApiError(409, 'TASK_NOT_OPEN', '该待办所属流程已结束，待办不能再办理');

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

  async function visibleTask(p: Principal, id: string) {
    const task = await prisma.task.findUnique({ where: { id } });
    if (!task) throw notFound('TASK_NOT_FOUND', '待办不存在');
    if (task.county) assertCounty(p, task.county);
    return task;
  }

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
    const tasks = await prisma.task.findMany({ where, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], take: q.limit + 1 });
    const page = tasks.slice(0, q.limit);
    const last = page.at(-1);
    const names = await staffNames(prisma, page.map((t) => t.assigneeId));
    res.json({ items: page.map((t) => taskItem(t, names)), nextAfter: tasks.length > q.limit && last ? `${last.dueAt.toISOString()}|${last.id}` : null });
  });

  router.get(getTask.path, requireRole(...getTask.roles), async (req, res) => {
    const { params } = parseRequest(getTask, req);
    const p = principalOf(res);
    const task = await prisma.task.findFirst({ where: { AND: [{ id: params.id }, visibility(p)] }, include: { comments: { orderBy: { id: 'asc' } } } });
    if (!task) throw notFound('TASK_NOT_FOUND', '待办不存在或不在您的辖区');
    res.json({ ...taskItem(task, await staffNames(prisma, [task.assigneeId])), comments: task.comments.map((c) => ({ kind: c.kind, author: c.author, text: c.text, at: c.at.toISOString() })) });
  });

  for (const [endpoint, update] of [[claimTask, claimTaskUpdate], [unclaimTask, unclaimTaskUpdate]] as const) {
    router.post(endpoint.path, requireRole(...endpoint.roles), async (req, res) => {
      const { params } = parseRequest(endpoint, req);
      const p = principalOf(res);
      const task = await visibleTask(p, params.id);
      res.json(await namingTheHolder(prisma, runUpdate(temporal, task.workflowId, update, [task.id, actorOf(p)], closed)));
    });
  }

  router.post(completeTask.path, requireRole(...completeTask.roles), async (req, res) => {
    const { params, body } = parseRequest(completeTask, req);
    const p = principalOf(res);
    const task = await visibleTask(p, params.id);
    const updateId = req.header('idempotency-key') ?? undefined;
    if (task.kind === 'RECHECK_VERIFY') {
      const { decisions } = parsePart(verifyRecheckBody, body.payload, 'body');
      res.json(recheckTaskView(task, await runUpdate(temporal, task.workflowId, verifyRecheckUpdate, [actorOf(p), decisions], closed, updateId)));
      return;
    }
    const payload = parsePart(TASK_PAYLOADS[task.kind as TaskKind], body.payload, 'body');
    res.json(await runUpdate(temporal, task.workflowId, completeTaskUpdate, [task.id, actorOf(p), payload], closed, updateId));
  });

  router.post(assignTask.path, requireRole(...assignTask.roles), async (req, res) => {
    const { params, body } = parseRequest(assignTask, req);
    const p = principalOf(res);
    const task = await visibleTask(p, params.id);
    const target = await prisma.principal.findUnique({ where: { id: body.assigneeId } });
    if (!target || target.disabled) throw notFound('PRINCIPAL_NOT_FOUND', '被指派的工作人员不存在或已停用');
    const assignee = actorOf({ ...target, role: target.role as Principal['role'] });
    res.json(await runUpdate(temporal, task.workflowId, assignTaskUpdate, [task.id, actorOf(p), { mode: body.mode, assignee, note: body.note }], closed));
  });

  router.post(sendBackTask.path, requireRole(...sendBackTask.roles), async (req, res) => {
    const { params, body } = parseRequest(sendBackTask, req);
    const p = principalOf(res);
    const task = await visibleTask(p, params.id);
    res.json(await runUpdate(temporal, task.workflowId, sendBackTaskUpdate, [task.id, actorOf(p), body.reason], closed));
  });

  router.post(commentTask.path, requireRole(...commentTask.roles), async (req, res) => {
    const { params, body } = parseRequest(commentTask, req);
    const p = principalOf(res);
    // Who may read the task (GET /tasks/{id}) and who works it: its role, or its administrator.
    const task = await prisma.task.findFirst({ where: { AND: [{ id: params.id }, visibility(p)] } });
    if (!task) throw notFound('TASK_NOT_FOUND', '待办不存在或不在您的辖区');
    if (!worksOn(task, p)) throw forbidden('只有办理该待办的角色或其管理员可以评论');
    const comment = await prisma.$transaction(async (tx) => {
      // Locks the task row against a concurrent close: a comment lands before the close or is refused.
      const [current] = await tx.$queryRaw<Array<{ status: string }>>`SELECT status FROM task WHERE id = ${task.id} FOR SHARE`;
      if (current?.status !== 'OPEN') throw new ApiError(409, 'TASK_NOT_OPEN', '该待办已办结，不能再评论');
      const created = await tx.taskComment.create({ data: { taskId: task.id, authorId: p.id, author: p.name, kind: 'COMMENT', text: body.text } });
      await writeAudit(tx, { actorId: p.id, actorRole: p.role, action: 'TASK_COMMENTED', targetType: 'task', targetId: task.id, after: { text: body.text }, requestId: res.locals.requestId as string });
      return created;
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
  if (!id || Number.isNaN(at.getTime())) throw new ApiError(400, 'INVALID_CURSOR', '分页游标无效，请使用上一页返回的 nextAfter');
  return { OR: [{ dueAt: { gt: at } }, { dueAt: at, id: { gt: id } }] };
}
