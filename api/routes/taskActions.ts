// What the task inbox does to one task: claim, unclaim, complete, assign, send back. The single-task
// routes and the batch route (taskBatch.ts) both call these, so an item of a batch is authorized,
// validated and sent to its workflow exactly as a request on its own would be.
import type { Client } from '@temporalio/client';
import { TASK_PAYLOADS, type TaskKind } from '../../domain/category/decisions';
import type { PrismaClient } from '../../prisma/client';
import { verifyRecheckUpdate, type RecheckView } from '../../messages/recheckMessages';
import { assignTaskUpdate, claimTaskUpdate, completeTaskUpdate, sendBackTaskUpdate, unclaimTaskUpdate, type Actor, type TaskView } from '../../messages/taskMessages';
import { assertCounty, type Principal } from '../auth';
import { parsePart } from '../contract';
import { verifyRecheckBody } from '../contracts/rechecks';
import { ApiError, notFound } from '../errors';
import { runUpdate } from '../workflowCalls';
import { namingTheHolder } from '../staffNames';

/** Who acts, as workflows see it: ids and role only (names stay out of Temporal). */
export const actorOf = (p: Principal): Actor => ({ id: p.id, role: p.role, county: p.county, uscc: p.uscc });

export interface Assignment {
  mode: 'REASSIGN' | 'DELEGATE';
  assigneeId: string;
  note: string;
}

export type TaskActions = ReturnType<typeof taskActions>;

export function taskActions({ prisma, temporal }: { prisma: PrismaClient; temporal: Client }) {
  const closed = new ApiError(409, 'TASK_NOT_OPEN', '该待办所属流程已结束，待办不能再办理');

  /** The task, if it exists and lies in the principal's county (404 / 403 otherwise). */
  async function visibleTask(p: Principal, id: string) {
    const task = await prisma.task.findUnique({ where: { id } });
    if (!task) throw notFound('TASK_NOT_FOUND', '待办不存在');
    if (task.county) assertCounty(p, task.county);
    return task;
  }

  const recheckTaskView = (task: { id: string; kind: string; title: string; role: string; county: string | null; dueAt: Date }, view: RecheckView): TaskView => ({
    taskId: task.id, kind: task.kind, title: task.title, role: task.role, county: task.county, dueAt: task.dueAt.toISOString(),
    assigneeId: view.assigneeId, status: view.status === 'AWAITING_VERIFICATION' ? 'OPEN' : 'COMPLETED',
  });

  return {
    visibleTask,
    closed,

    async claim(p: Principal, id: string): Promise<TaskView> {
      const task = await visibleTask(p, id);
      return namingTheHolder(prisma, runUpdate(temporal, task.workflowId, claimTaskUpdate, [task.id, actorOf(p)], closed));
    },

    async unclaim(p: Principal, id: string): Promise<TaskView> {
      const task = await visibleTask(p, id);
      return namingTheHolder(prisma, runUpdate(temporal, task.workflowId, unclaimTaskUpdate, [task.id, actorOf(p)], closed));
    },

    /** The payload is checked against the task kind's schema here (400), then by the workflow (422). */
    async complete(p: Principal, id: string, payload: unknown, updateId?: string): Promise<TaskView> {
      const task = await visibleTask(p, id);
      if (task.kind === 'RECHECK_VERIFY') {
        const { decisions } = parsePart(verifyRecheckBody, payload, 'body');
        return recheckTaskView(task, await runUpdate(temporal, task.workflowId, verifyRecheckUpdate, [actorOf(p), decisions], closed, updateId));
      }
      const checked = parsePart(TASK_PAYLOADS[task.kind as TaskKind], payload, 'body');
      return runUpdate(temporal, task.workflowId, completeTaskUpdate, [task.id, actorOf(p), checked], closed, updateId);
    },

    async assign(p: Principal, id: string, assignment: Assignment): Promise<TaskView> {
      const task = await visibleTask(p, id);
      const target = await prisma.principal.findUnique({ where: { id: assignment.assigneeId } });
      if (!target || target.disabled) throw notFound('PRINCIPAL_NOT_FOUND', '被指派的工作人员不存在或已停用');
      const assignee = actorOf({ ...target, role: target.role as Principal['role'] });
      return runUpdate(temporal, task.workflowId, assignTaskUpdate, [task.id, actorOf(p), { mode: assignment.mode, assignee, note: assignment.note }], closed);
    },

    async sendBack(p: Principal, id: string, reason: string): Promise<TaskView> {
      const task = await visibleTask(p, id);
      return runUpdate(temporal, task.workflowId, sendBackTaskUpdate, [task.id, actorOf(p), reason], closed);
    },
  };
}
