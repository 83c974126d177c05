// Task actions through the API, with the claim conflict explained: who holds the task.
import { api, ApiFailure } from '../../api';

export interface TaskItem {
  id: string; kind: string; title: string; role: string; county: string | null; status: string; assigneeId: string | null;
  year: number | null; uscc: string | null; dueAt: string; createdAt: string; overdue: boolean;
  /** What the task decides one by one (e.g. the objections an acceptance task lists). */
  items?: string[];
}
export interface TaskDetail extends TaskItem {
  comments: Array<{ kind: string; author: string; text: string; at: string }>;
}

export const getTask = (id: string) => api<TaskDetail>(`/api/v1/tasks/${encodeURIComponent(id)}`);

/** Claims; on a conflict the message names who holds the task now. */
export async function claim(id: string, myId: string): Promise<void> {
  try {
    await api(`/api/v1/tasks/${encodeURIComponent(id)}/claim`, { method: 'POST' });
  } catch (e) {
    if (e instanceof ApiFailure && e.code === 'TASK_ALREADY_CLAIMED') {
      // The winner's claim reaches the task list a moment after the workflow decided: ask a few times.
      let holder: string | null = null;
      for (let i = 0; i < 10 && !holder; i++) {
        holder = await getTask(id).then((t) => t.assigneeId).catch(() => null);
        if (!holder) await new Promise((r) => setTimeout(r, 300));
      }
      throw new ApiFailure(409, e.code, `认领失败：该待办已被${holder ? holderLabel(holder, myId) : '他人'}认领`);
    }
    throw e;
  }
}

export const holderLabel = (assigneeId: string, myId: string) => (assigneeId === myId ? '您本人' : `工作人员（编号 ${assigneeId.slice(0, 8)}）`);

export const unclaim = (id: string) => api(`/api/v1/tasks/${encodeURIComponent(id)}/unclaim`, { method: 'POST' });
