// What the task inbox does to one task: claim, unclaim, complete, assign, send back. The single-task
// routes and the batch route (taskBatch.ts) both call these, so an item of a batch is authorized,
// validated and sent to its workflow exactly as a request on its own would be.
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import type { TaskKind } from '../../domain/taskKinds';
import type { PrismaClient } from '../../prisma/client';
import { findPrincipal } from '../../data/principals';
import { findTaskAddress } from '../../data/tasks';
import { writeTaskEvents } from '../../data/taskEvents';
import {
  assignTaskUpdate, claimTaskUpdate, completeTaskUpdate, sendBackTaskUpdate, unclaimTaskUpdate, type Actor, type TaskActionResult, type TaskView,
} from '../../messages/taskMessages';
import { assertCounty, type Principal } from '../auth';
import { parsePart } from '../contract';
import { TASK_COMPLETION_PAYLOADS } from '../contracts/tasks';
import { ApiError, notFound } from '../errors';
import { workflowGateway } from '../workflowCalls';
import { namingTheHolder } from '../staffNames';
import { rootLogger } from '../../observability/logger';

/** Who acts, as workflows see it: ids and role only (names stay out of Temporal). */
export const actorOf = (p: Principal): Actor => ({ id: p.id, role: p.role, county: p.county, uscc: p.uscc });

export interface Assignment {
  mode: 'REASSIGN' | 'DELEGATE';
  assigneeId: string;
  note: string;
}

export type TaskActions = ReturnType<typeof taskActions>;

/** A task's immutable facts: its id, the workflow that owns it, its county and kind. */
export interface TaskAddress {
  id: string;
  workflowId: string;
  county: string | null;
  kind: string;
}

/** How many task addresses one API process keeps (a few MB at most; a cycle has tens of thousands of tasks). */
export const TASK_ADDRESSES_KEPT = 50_000;

/** `eventPool`: where the claims' and unclaims' events are written (AppDeps.taskEventPool). */
export function taskActions({ prisma, eventPool, temporal }: { prisma: PrismaClient; eventPool: pg.Pool; temporal: Client }) {
  const closed = new ApiError(409, 'TASK_NOT_OPEN', '该待办所属流程已结束，待办不能再办理');
  const workflows = workflowGateway(temporal);

  const addresses = new Map<string, TaskAddress>();

  /**
   * Where a task is decided (its workflow) and what the API checks before asking it (county, kind): set
   * when the task is opened and never changed, so kept in the process after the first read (bounded; the
   * oldest go first). The task's state is not kept: the workflow's validators decide on their own state.
   */
  async function taskAddress(id: string): Promise<TaskAddress | null> {
    const known = addresses.get(id);
    if (known) return known;
    const row = await findTaskAddress(prisma, id);
    if (!row) return null; // not remembered: the task may be recorded a moment later
    if (addresses.size >= TASK_ADDRESSES_KEPT) addresses.delete(addresses.keys().next().value!);
    addresses.set(id, row);
    return row;
  }

  /** The task, if it exists and lies in the principal's county (404 / 403 otherwise). */
  async function visibleTask(p: Principal, id: string): Promise<TaskAddress> {
    const task = await taskAddress(id);
    if (!task) throw notFound('TASK_NOT_FOUND', '待办不存在');
    if (task.county) assertCounty(p, task.county);
    return task;
  }

  /**
   * A claim or unclaim answers its event (docs/architecture.md#task-board): written here, before the caller
   * hears of it, so what it reads next is the read model after its action. The workflow has decided either
   * way, so a failed write does not turn the answer into a refusal (a retry would then be refused or change
   * nothing): the board writes the event itself a little later, as it does when this process dies meanwhile.
   * For the same reason this write's commit need not wait for the disk (`eventPool`): the board's own write
   * is the durable one, so a click waits neither for a WAL flush nor, behind the audit chain's head, for others'.
   */
  async function written({ event, ...view }: TaskActionResult): Promise<TaskView> {
    if (event) {
      await writeTaskEvents(eventPool, [event]).catch((error: unknown) => {
        rootLogger().warn({ component: 'task-actions', taskId: event.taskId, eventId: event.eventId, err: (error as Error)?.message }, 'task event not written by the API; the workflow writes it later');
      });
    }
    return view;
  }

  return {
    visibleTask,
    closed,

    async claim(p: Principal, id: string): Promise<TaskView> {
      const task = await visibleTask(p, id);
      return written(await namingTheHolder(prisma, workflows.update(task.workflowId, claimTaskUpdate, [task.id, actorOf(p)], closed)));
    },

    async unclaim(p: Principal, id: string): Promise<TaskView> {
      const task = await visibleTask(p, id);
      return written(await namingTheHolder(prisma, workflows.update(task.workflowId, unclaimTaskUpdate, [task.id, actorOf(p)], closed)));
    },

    /**
     * Every task kind completes here, through the owning workflow's generic Update (the recheck's
     * verification too): the payload is checked against the kind's schema here (400), then by the
     * workflow's validator (403/409/422), which is the authority.
     */
    async complete(p: Principal, id: string, payload: unknown, updateId?: string): Promise<TaskView> {
      const task = await visibleTask(p, id);
      const checked = parsePart(TASK_COMPLETION_PAYLOADS[task.kind as TaskKind], payload, 'body');
      return workflows.update(task.workflowId, completeTaskUpdate, [task.id, actorOf(p), checked], closed, updateId);
    },

    async assign(p: Principal, id: string, assignment: Assignment): Promise<TaskView> {
      const task = await visibleTask(p, id);
      const target = await findPrincipal(prisma, assignment.assigneeId);
      if (!target || target.disabled) throw notFound('PRINCIPAL_NOT_FOUND', '被指派的工作人员不存在或已停用');
      const assignee = actorOf({ ...target, role: target.role as Principal['role'] });
      return workflows.update(task.workflowId, assignTaskUpdate, [task.id, actorOf(p), { mode: assignment.mode, assignee, note: assignment.note }], closed);
    },

    async sendBack(p: Principal, id: string, reason: string): Promise<TaskView> {
      const task = await visibleTask(p, id);
      return workflows.update(task.workflowId, sendBackTaskUpdate, [task.id, actorOf(p), reason], closed);
    },
  };
}
