// Messages of the human-task layer (docs/architecture.md#task-board): every process that owns tasks answers
// these Updates; the API routes a task action to the task's workflow. Validators are synchronous and
// refuse with ApplicationFailure types the API maps to HTTP (nothing is recorded on a refusal).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TaskKind } from '../domain/taskKinds';

export interface Actor {
  id: string;
  /**
   * Not sent any more (names stay out of Temporal: activities read them by id); present in older
   * histories and accepted for them.
   */
  name?: string;
  role: string;
  county: string | null;
  /** Households: the business they act for. */
  uscc?: string | null;
}

export type TaskStatus = 'OPEN' | 'COMPLETED' | 'SENT_BACK' | 'CANCELLED' | 'EXPIRED';

export interface TaskView {
  taskId: string;
  kind: TaskKind;
  title: string;
  role: string;
  county: string | null;
  status: TaskStatus;
  assigneeId: string | null;
  dueAt: string;
  /** What the task decides item by item (an objection batch's objection ids). */
  items?: string[];
}

/**
 * One event of a task, as the read model and the audit record it (data/taskEvents.ts). `eventId` is the
 * task id and the board's event counter: the idempotency key of its write.
 */
export interface TaskEvent {
  eventId: string;
  taskId: string;
  action: string; // CLAIMED | UNCLAIMED | REASSIGNED | DELEGATED | COMPLETED | SENT_BACK | CANCELLED | EXPIRED
  actor: Actor | null;
  status: TaskStatus;
  assigneeId: string | null;
  details: Record<string, unknown>;
  at: string;
}

/**
 * What a claim or unclaim answers: the task, and the event the caller writes to the read model and the
 * audit before it answers (docs/architecture.md#task-board). Absent when the worker wrote it (older histories).
 */
export type TaskActionResult = TaskView & { event?: TaskEvent };

export interface Assignment {
  mode: 'REASSIGN' | 'DELEGATE';
  /** The staff member who takes the task over (the API has checked that they exist and are active). */
  assignee: Actor;
  note: string;
}

export const claimTaskUpdate = defineUpdate<TaskActionResult, [taskId: string, actor: Actor]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<TaskActionResult, [taskId: string, actor: Actor]>('unclaimTask');
export const assignTaskUpdate = defineUpdate<TaskView, [taskId: string, actor: Actor, assignment: Assignment]>('assignTask');
export const completeTaskUpdate = defineUpdate<TaskView, [taskId: string, actor: Actor, payload: unknown]>('completeTask');
export const sendBackTaskUpdate = defineUpdate<TaskView, [taskId: string, actor: Actor, reason: string]>('sendBackTask');
export const openTasksQuery = defineQuery<TaskView[]>('openTasks');

export const TASK_FAILURES = {
  NOT_FOUND: 'TASK_NOT_FOUND',
  NOT_OPEN: 'TASK_NOT_OPEN',
  NOT_ELIGIBLE: 'TASK_NOT_ELIGIBLE',
  ALREADY_CLAIMED: 'TASK_ALREADY_CLAIMED',
  NOT_CLAIMANT: 'TASK_NOT_CLAIMANT',
  NOT_ADMINISTRATOR: 'TASK_NOT_ADMINISTRATOR',
  INVALID_PAYLOAD: 'TASK_INVALID_PAYLOAD',
  CANNOT_SEND_BACK: 'TASK_CANNOT_SEND_BACK',
} as const;
